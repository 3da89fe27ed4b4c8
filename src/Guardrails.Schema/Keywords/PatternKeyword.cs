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

        if (!JsonText.TryGetChars(value, stackalloc char[JsonText.ScratchFor(value)], out var text))
        {
            return context.Fail(JsonText.Invalid);
        }

        return Patterns.IsMatch(pattern, text, context) || context.Fail($"must match the pattern {pattern}");
    }
}
