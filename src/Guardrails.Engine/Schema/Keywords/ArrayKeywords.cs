using System.Text.Json;

namespace Guardrails.Engine.Schema.Keywords;

/// <summary>prefixItems and items: schemas for the members of a list.</summary>
internal sealed class ItemsKeyword(CompiledSchema[] prefix, CompiledSchema? rest) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context)
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

internal sealed class ItemCountKeyword(int? minimum, int? maximum) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context)
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

internal sealed class UniqueItemsKeyword : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context)
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

/// <summary>contains with minContains and maxContains (enforced here; NJsonSchema would skip them).</summary>
internal sealed class ContainsKeyword(CompiledSchema schema, int minimum, int? maximum) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var matches = 0;
        context.BeginSpeculation();
        try
        {
            foreach (var item in value.EnumerateArray())
            {
                if (schema.Validate(item, context))
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
