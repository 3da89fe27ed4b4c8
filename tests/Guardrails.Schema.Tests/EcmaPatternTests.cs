using System.Text.RegularExpressions;

namespace Guardrails.Schema.Tests;

/// <summary>
/// JSON Schema patterns match as ECMA-262 says (the JSON Schema Test Suite's optional/ecmascript-regex.json, and what
/// it leaves out: a real line feed before the end, '.' and line terminators), never as .NET's looser defaults.
/// </summary>
public sealed class EcmaPatternTests
{
    public static TheoryData<string, string, bool> Matches => new()
    {
        // \S: ECMA-262 white space is more than ASCII; a no-break space must not pass ^\S+$.
        { @"^\S+$", "a\u00A0b", false },
        { @"^\S+$", "a\uFEFFb", false },
        { @"^\S+$", "a\u2029b", false },
        { @"^\S+$", "a\u3000b", false },
        { @"^\S+$", "a\u0085b", true },
        { @"^\S+$", "élan", true },
        { @"^\s$", "\u00A0", true },
        { @"^\s$", "\u2003", true },
        { @"^\s$", "\u0085", false },
        { @"^[a\s]+$", "a\u00A0a", true },
        { @"^[^\s]+$", "a\u00A0a", false },
        { @"^[^\S]$", "\u1680", true },
        { @"^[x\S]$", "\u205F", false },
        { @"^[x\S]$", "y", true },

        // $: the end of the input only, not before a final line feed.
        { @"^abc$", "abc\n", false },
        { @"^abc$", "abc", true },
        { @"(?m)^abc$", "abc\nx", true },

        // '.': anything but a line terminator.
        { @"^a.b$", "a\rb", false },
        { @"^a.b$", "a\u2028b", false },
        { @"^a.b$", "a\tb", true },
        { @"(?s)^a.b$", "a\nb", true },

        // Left as written: escapes, classes, and .NET's own class syntax.
        { @"^\$\.$", "$.", true },
        { @"^\$\.$", "$x", false },
        { @"^[.$]+$", ".$", true },
        { @"^[]$]$", "$", true },
        { @"^[]a]$", "]", true },
        { @"^[^]$", "\n", true },
        { @"^[a-z-[aeiou]]$", "e", false },
        { @"^[a-z-[aeiou]]$", "b", true },
        { @"^\d$", "٣", false },
        { @"^\w$", "é", false },
    };

    [Theory]
    [MemberData(nameof(Matches))]
    public void Matches_as_ECMA_262_does(string pattern, string input, bool expected)
    {
        PolicyRegex.TryCreate(pattern, Patterns.MatchTimeout, null, out var regex, out var error).Should().BeTrue(error);

        regex!.IsMatch(input).Should().Be(expected, $"/{pattern}/ on {Escaped(input)}");
    }

    [Theory]
    [InlineData(@"^[a-z]+$")]
    [InlineData(@"(?i)^x")]
    [InlineData(@"a\\b")]
    public void Without_white_space_classes_or_dots_only_the_end_anchor_changes(string pattern) =>
        EcmaPattern.ToDotNet(pattern).Should().Be(pattern.Replace("$", @"\z", StringComparison.Ordinal));

    [Theory]
    [InlineData("(")]
    [InlineData(@"[a-")]
    [InlineData(@"\")]
    [InlineData(@"x{2,1}")]
    public void An_invalid_pattern_stays_invalid(string pattern)
    {
        PolicyRegex.TryCreate(pattern, Patterns.MatchTimeout, null, out _, out var error).Should().BeFalse();
        error.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void The_policy_keeps_the_text_it_wrote()
    {
        PolicyRegex.TryCreate(@"^\S+$", Patterns.MatchTimeout, null, out var regex, out _).Should().BeTrue();

        regex!.Pattern.Should().Be(@"^\S+$");
        regex.ToString().Should().Be(@"^\S+$");
    }

    [Fact]
    public void Every_code_unit_is_white_space_or_not_white_space_never_both()
    {
        var space = new Regex("^" + EcmaPattern.ToDotNet(@"\s") + "$", PolicyRegex.Options);
        var notSpace = new Regex("^" + EcmaPattern.ToDotNet(@"\S") + "$", PolicyRegex.Options);

        for (var c = 0; c <= char.MaxValue; c++)
        {
            var text = ((char)c).ToString();
            if (space.IsMatch(text) == notSpace.IsMatch(text))
            {
                throw new Xunit.Sdk.XunitException($"U+{c:X4} is matched by {(space.IsMatch(text) ? "both" : "neither")} of \\s and \\S");
            }
        }
    }

    private static string Escaped(string text) =>
        string.Concat(text.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString()));
}
