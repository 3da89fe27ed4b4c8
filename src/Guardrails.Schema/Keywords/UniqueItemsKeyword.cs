using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class UniqueItemsKeyword : SchemaKeyword
{
    public override bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var items = value.EnumerateArray().ToArray();
        for (var i = 0; i < items.Length; i++)
        {
            for (var j = i + 1; j < items.Length; j++)
            {
                // Quadratic in the list's length: the deadline bounds it.
                context.Step();
                if (JsonElement.DeepEquals(items[i], items[j]))
                {
                    context.Push(j);
                    context.Fail($"duplicates item {i}");
                    context.Pop();
                    return false;
                }
            }
        }

        return true;
    }
}
