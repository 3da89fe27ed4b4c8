using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>contains with minContains and maxContains (enforced here; NJsonSchema would skip them).</summary>
internal sealed class ContainsKeyword(CompiledSchema schema, int minimum, int? maximum) : SchemaKeyword
{
    public override bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var matches = 0;
        context.BeginSpeculation();
        try
        {
            // Each item goes on the path, as every keyword that checks another value puts it: nothing is recorded
            // while speculating, and the path's root stays the value validated (ValidationContext.TryGetMember).
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                context.Push(index++);
                var matched = schema.Validate(item, context);
                context.Pop();
                if (matched)
                {
                    matches++;
                }
            }
        }
        finally
        {
            context.EndSpeculation();
        }

        if (matches < minimum)
        {
            return context.Fail(minimum == 1 ? "holds no item that matches the required shape" : $"holds {matches} matching items, fewer than {minimum}");
        }

        return matches <= (maximum ?? int.MaxValue) || context.Fail($"holds {matches} matching items, more than {maximum}");
    }
}
