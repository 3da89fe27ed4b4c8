using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class ItemCountKeyword(int? minimum, int? maximum) : SchemaKeyword
{
    public override bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var count = value.GetArrayLength();
        if (count < minimum)
        {
            return context.Fail(minimum == 1 ? "must not be empty" : $"must hold at least {minimum} items");
        }

        return count <= (maximum ?? int.MaxValue) || context.Fail($"must hold at most {maximum} items");
    }
}
