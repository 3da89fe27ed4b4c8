using System.Runtime.InteropServices;
using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class PatternKeyword(PolicyRegex pattern) : SchemaKeyword
{
    public override bool Validate(JsonElement value, ValidationContext context)
    {
        // The raw text of a string value, and of no other, starts with its quote: one read of the document instead of two.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.IsEmpty || raw[0] != (byte)'"')
        {
            return true;
        }

        // Most values of the pack's patterns are answered from their bytes: no decoding, no regex.
        if (pattern.HasShortcut && raw[1..^1] is var utf8 && utf8.IndexOf((byte)'\\') < 0 && pattern.TryShortcut(utf8) is var answer and not ShortcutAnswer.Unknown)
        {
            return answer == ShortcutAnswer.Match || context.Fail($"must match the pattern {pattern}");
        }

        if (!JsonText.TryGetChars(value, stackalloc char[JsonText.ScratchFor(value)], out var text))
        {
            return context.Fail(JsonText.Invalid);
        }

        return Patterns.IsMatch(pattern, text, context) || context.Fail($"must match the pattern {pattern}");
    }
}
