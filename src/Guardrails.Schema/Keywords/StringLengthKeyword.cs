using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class StringLengthKeyword(int? minimum, int? maximum) : SchemaKeyword
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

        var length = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            length++;
        }

        if (length < minimum)
        {
            return context.Fail(minimum == 1 ? "must not be empty" : $"must be at least {minimum} characters long");
        }

        return length <= (maximum ?? int.MaxValue) || context.Fail($"must be at most {maximum} characters long");
    }
}
