using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>Reads JSON string values for checks, without allocating when the value is short and unescaped.</summary>
internal static class JsonText
{
    public const string Invalid = "is not valid Unicode text (it holds a lone surrogate escape)";

    /// <summary>Room for the characters of most values; longer or escaped values are read as strings.</summary>
    public const int ScratchLength = 256;

    /// <summary>
    /// How many characters of scratch <see cref="TryGetChars"/> needs for <paramref name="value"/>, at most
    /// <see cref="ScratchLength"/>: a value of <c>n</c> UTF-8 bytes has at most <c>n</c> characters, and stack memory
    /// is cleared when taken, so a short value should not take a whole <see cref="ScratchLength"/>.
    /// </summary>
    public static int ScratchFor(JsonElement value) => Math.Min(ScratchLength, JsonMarshal.GetRawUtf8Value(value).Length);

    /// <summary>
    /// The characters of a JSON string value: decoded into <paramref name="scratch"/> straight from the
    /// document's UTF-8 when it holds no escape, else read through <see cref="JsonElement.GetString"/>.
    /// False for a lone surrogate escape, which .NET strings cannot carry.
    /// </summary>
    public static bool TryGetChars(JsonElement value, Span<char> scratch, out ReadOnlySpan<char> chars)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var content = raw[1..^1];
        if (content.IndexOf((byte)'\\') < 0 && Encoding.UTF8.GetMaxCharCount(content.Length) <= scratch.Length)
        {
            chars = scratch[..Encoding.UTF8.GetChars(content, scratch)];
            return true;
        }

        var ok = TryGet(value, out var text);
        chars = text;
        return ok;
    }

    /// <summary>The UTF-8 bytes of a JSON string value as the document holds them, when they hold no escape (and so are the value's text).</summary>
    public static bool TryGetUnescapedUtf8(JsonElement value, out ReadOnlySpan<byte> utf8)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        utf8 = raw[1..^1];
        return utf8.IndexOf((byte)'\\') < 0;
    }

    public static bool TryGet(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }
}
