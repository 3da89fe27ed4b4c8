using System.Text;
using Guardrails.Webhook.Admission;

namespace Guardrails.Webhook.Tests.Admission;

/// <summary>A body must be Unicode text throughout: invalid UTF-8 and lone surrogate escapes are named with their offset.</summary>
public sealed class ReviewEncodingTests
{
    [Theory]
    [InlineData("""{"a":"plain"}""")]
    [InlineData("""{"a":"caf\u00e9 \ud83d\ude00 \\u0041"}""")]
    public void Unicode_text_has_no_problem(string json) => ReviewEncoding.Problem(Encoding.UTF8.GetBytes(json)).Should().BeNull();

    [Fact]
    public void Invalid_utf8_is_named_with_its_byte_and_offset()
    {
        byte[] json = [.. "{\"a\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        ReviewEncoding.Problem(json).Should().Be("the body is not valid UTF-8 (byte 0xc3 at offset 6)");
    }

    [Theory]
    [InlineData("""{"a":"\ud83d"}""", 6)]
    [InlineData("""{"a":"x\ude00"}""", 7)]
    [InlineData("""{"a":"\ud83d\u0041"}""", 6)]
    public void A_lone_surrogate_escape_is_named_with_its_offset(string json, int offset) =>
        ReviewEncoding.Problem(Encoding.UTF8.GetBytes(json)).Should().Be(
            $"the body holds a lone UTF-16 surrogate escape ({json.Substring(offset, 6)} at offset {offset}), which is not Unicode text");
}
