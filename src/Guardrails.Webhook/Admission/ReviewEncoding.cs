using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Guardrails.Webhook.Admission;

/// <summary>
/// Checks that a body the JSON parser accepted is Unicode text throughout: valid UTF-8, and no <c>\u</c> escape of a
/// lone UTF-16 surrogate. The parser checks neither (it validates text only when a value is read), and every later
/// reader of the review (the engine, the answer, the decision log) would fail on such a string; the API server never
/// sends one (Go's decoder turns both into U+FFFD), so a body holding one is malformed.
/// </summary>
internal static class ReviewEncoding
{
    /// <summary>Why <paramref name="json"/> is not Unicode text, with the byte offset; null when it is.</summary>
    /// <remarks>Only for text the JSON parser accepted: then every backslash starts an escape inside a string.</remarks>
    public static string? Problem(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            var offset = InvalidUtf8Offset(json);
            return $"the body is not valid UTF-8 (byte 0x{json[offset]:x2} at offset {offset})";
        }

        return LoneSurrogateEscape(json) is { } at
            ? $"the body holds a lone UTF-16 surrogate escape ({Encoding.ASCII.GetString(json.Slice(at, 6))} at offset {at}), which is not Unicode text"
            : null;
    }

    private static int InvalidUtf8Offset(ReadOnlySpan<byte> json)
    {
        var offset = 0;
        while (Rune.DecodeFromUtf8(json[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }

    // The offset of the first \uD800-\uDFFF escape that is not a high surrogate followed by a low one.
    private static int? LoneSurrogateEscape(ReadOnlySpan<byte> json)
    {
        var offset = 0;
        while (json[offset..].IndexOf((byte)'\\') is var next and >= 0)
        {
            offset += next;
            if (json[offset + 1] != 'u')
            {
                offset += 2;
                continue;
            }

            var unit = Unit(json, offset);
            if (char.IsLowSurrogate(unit) || (char.IsHighSurrogate(unit) && !FollowedByLowSurrogate(json, offset + 6)))
            {
                return offset;
            }

            offset += char.IsHighSurrogate(unit) ? 12 : 6;
        }

        return null;
    }

    private static bool FollowedByLowSurrogate(ReadOnlySpan<byte> json, int offset) =>
        json.Length >= offset + 6 && json[offset] == '\\' && json[offset + 1] == 'u' && char.IsLowSurrogate(Unit(json, offset));

    // The UTF-16 unit of the \uXXXX escape at offset (the parser has checked its four hex digits).
    private static char Unit(ReadOnlySpan<byte> json, int offset) =>
        (char)int.Parse(json.Slice(offset + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
