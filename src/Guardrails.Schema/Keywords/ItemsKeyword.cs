using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>prefixItems and items: schemas for the members of a list.</summary>
internal sealed class ItemsKeyword(CompiledSchema[] prefix, CompiledSchema? rest) : SchemaKeyword
{
    /// <summary>The schemas by position (prefixItems), for the conjunction of schemas.</summary>
    internal CompiledSchema[] Prefix => prefix;

    /// <summary>The schema of the other items (items), for the conjunction of schemas.</summary>
    internal CompiledSchema? Rest => rest;

    public override bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var valid = true;
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var schema = index < prefix.Length ? prefix[index] : rest;
            if (schema is not null)
            {
                context.Push(index);
                var itemValid = !schema.IsRejectAll
                    ? schema.Validate(item, context)
                    : index < prefix.Length ? context.Fail("no item is allowed at this position") : context.Fail($"the list may hold at most {prefix.Length} items");
                context.Pop();
                if (!itemValid)
                {
                    valid = false;
                    if (context.StopAtFirstFailure)
                    {
                        return false;
                    }
                }
            }

            index++;
        }

        return valid;
    }
}
