using Guardrails.Webhook.Admission;

namespace Guardrails.Webhook.Tests.Admission;

/// <summary>Shortened message text never ends in half a surrogate pair, which would reach the API server as U+FFFD.</summary>
public sealed class TextPrefixTests
{
    [Theory]
    [InlineData("abc", 5, "abc")]
    [InlineData("abcdef", 3, "abc")]
    [InlineData("ab\U0001F600cd", 3, "ab")]
    [InlineData("ab\U0001F600cd", 4, "ab\U0001F600")]
    public void The_prefix_keeps_pairs_whole(string text, int length, string expected)
    {
        TextPrefix.Of(text, length).Should().Be(expected);
    }

    [Fact]
    public void A_warning_cut_inside_a_pair_loses_the_pair_not_half_of_it()
    {
        var message = new string('x', WarningBudget.Preferred - 2) + "\U0001F600" + new string('y', 40);

        var fitted = WarningBudget.Fit("[" + message[1..]);

        fitted.Should().Be("[" + new string('x', WarningBudget.Preferred - 3) + "…");
        AsJson(fitted).Should().NotContain("\\uFFFD");
        AsJson(fitted[..^1] + "\ud83d").Should().Contain("\\uFFFD", "half a pair is written as a replacement character");
    }

    private static string AsJson(string text)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(text);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
