using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class PatternKeyword(PolicyRegex pattern) : SchemaKeyword
{
    public override bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return true;
        }

        // Most values of the pack's patterns are answered from their bytes: no decoding, no regex.
        if (pattern.HasShortcut && JsonText.TryGetUnescapedUtf8(value, out var utf8) && pattern.TryShortcut(utf8) is var answer and not ShortcutAnswer.Unknown)
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
