using System.Text.Json.Nodes;
using Guardrails.Engine.Patching;
using Guardrails.Schema;

namespace Guardrails.Cli.Fixing;

/// <summary>
/// Turns the mutating webhook's patch of one object into the members to add to the file. The patch's operations add
/// absent members; an operation that lands inside a member an earlier one added is merged into that member's value,
/// so each mapping of the file gets each new member once. What the file cannot take (an operation that would rewrite
/// a value, or append to a list) is left out with the reason.
/// </summary>
internal static class InsertionPlan
{
    /// <summary>The insertions of <paramref name="patch"/>, whose paths are relative to the object at <paramref name="sourcePointer"/> in its document.</summary>
    public static (List<FieldInsertion> Insertions, List<(string Pointer, string Reason)> Refused) Of(IReadOnlyList<PatchOperation> patch, string sourcePointer)
    {
        var insertions = new List<FieldInsertion>();
        var refused = new List<(string, string)>();
        foreach (var operation in patch)
        {
            var pointer = sourcePointer + operation.Path;
            if (operation.Op != "add")
            {
                // Only a field the request shows was not written is replaced (an applied object's defaults); in a file every
                // field present is written, and a fix never rewrites a written value.
                refused.Add((pointer, $"the patch would {operation.Op} a value written in the file, and a fix never rewrites a written value"));
                continue;
            }

            if (!JsonPointer.TryParse(pointer, out var tokens) || tokens.Length == 0 || tokens[^1] == "-")
            {
                refused.Add((pointer, "the patch appends to a list, which a fix of the file does not do"));
                continue;
            }

            var value = operation.Value is { } element ? JsonNode.Parse(element.GetRawText()) : null;
            if (!TryMerge(insertions, tokens, value))
            {
                insertions.Add(new FieldInsertion(tokens[..^1], tokens[^1], value));
            }
        }

        return (insertions, refused);
    }

    // Sets the value inside an insertion whose member is a prefix of the tokens (the builder extends what it created).
    private static bool TryMerge(List<FieldInsertion> insertions, string[] tokens, JsonNode? value)
    {
        foreach (var insertion in insertions)
        {
            var depth = insertion.Parent.Count + 1;
            if (tokens.Length <= depth || !insertion.Parent.SequenceEqual(tokens.Take(insertion.Parent.Count)) || tokens[insertion.Parent.Count] != insertion.Key)
            {
                continue;
            }

            var node = insertion.Value;
            for (var i = depth; i < tokens.Length - 1; i++)
            {
                if (node is not JsonObject members)
                {
                    return false;
                }

                node = members[tokens[i]] ??= new JsonObject();
            }

            if (node is not JsonObject parent)
            {
                return false;
            }

            parent[tokens[^1]] = value;
            return true;
        }

        return false;
    }
}
