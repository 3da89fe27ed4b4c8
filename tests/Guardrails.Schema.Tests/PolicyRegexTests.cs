using System.Text.RegularExpressions;

namespace Guardrails.Schema.Tests;

public sealed class PolicyRegexTests
{
    [Fact]
    public void Compiled_tier_keeps_the_same_answers_and_the_time_limit()
    {
        PolicyRegex.TryCreate("^(a+)+$", TimeSpan.FromMilliseconds(50), null, out var regex, out var error).Should().BeTrue(error);

        var answers = Enumerable.Range(0, 1000).Select(i => regex!.IsMatch(i % 2 == 0 ? "aaa" : "aab")).ToList();

        answers.Where((_, i) => i % 2 == 0).Should().OnlyContain(a => a);
        answers.Where((_, i) => i % 2 == 1).Should().OnlyContain(a => !a);
        var catastrophic = new string('a', 40) + "b";
        regex!.Invoking(r => r.IsMatch(catastrophic)).Should().Throw<RegexMatchTimeoutException>();
    }

    [Theory]
    [InlineData(@"^\d+$", "١٢٣", false)]
    [InlineData(@"^\d+$", "123", true)]
    [InlineData(@"(?i)^latest$", "LATEST", true)]
    public void Patterns_follow_ecma_262(string pattern, string input, bool expected)
    {
        PolicyRegex.TryCreate(pattern, TimeSpan.FromSeconds(1), null, out var regex, out _).Should().BeTrue();

        regex!.IsMatch(input).Should().Be(expected);
    }
}
