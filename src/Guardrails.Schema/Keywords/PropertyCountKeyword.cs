using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class PropertyCountKeyword(int? minimum, int? maximum) : SchemaKeyword
{
    public override bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var count = 0;
        foreach (var _ in value.EnumerateObject())
        {
            context.Step();
            count++;
        }

        if (count < minimum)
        {
            return context.Fail($"must have at least {minimum} fields");
        }

        return count <= (maximum ?? int.MaxValue) || context.Fail($"must have at most {maximum} fields");
    }
}
