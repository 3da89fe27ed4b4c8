using System.Text.Json;
using Guardrails.Engine.Json;
using Guardrails.Schema;

namespace Guardrails.Engine.Patching;

/// <summary>One mutation for one target with its value rendered: what a <see cref="PatchBuilder"/> adds.</summary>
/// <param name="Tokens">The tokens of the field's pointer in the whole object.</param>
/// <param name="Value">The value the mutation sets.</param>
/// <param name="Mutation">The mutation it comes from.</param>
internal sealed record ResolvedStep(string[] Tokens, JsonElement Value, Mutation Mutation)
{
    private string[]? _prefixes;
    private (int Level, JsonElement Value)? _nested;

    /// <summary>Prefixes[i] is the pointer of Tokens[0..i]: spelled once, though a step is applied for its own patch and again for the combined one.</summary>
    public string[] Prefixes => _prefixes ??= Spelled(Tokens);

    /// <summary>The value to add at the member of Tokens[<paramref name="level"/>] (the first one absent): <see cref="Value"/> nested in the members below it.</summary>
    public JsonElement Nested(int level)
    {
        if (_nested is { } kept && kept.Level == level)
        {
            return kept.Value;
        }

        var nested = Value;
        for (var at = Tokens.Length - 1; at > level; at--)
        {
            nested = Tokens[at] == "-" ? JsonValues.ArrayOf(nested) : JsonValues.ObjectOf(Tokens[at], nested);
        }

        _nested = (level, nested);
        return nested;
    }

    private static string[] Spelled(string[] tokens)
    {
        var prefixes = new string[tokens.Length];
        var current = string.Empty;
        for (var i = 0; i < tokens.Length; i++)
        {
            current = JsonPointer.Append(current, tokens[i]);
            prefixes[i] = current;
        }

        return prefixes;
    }
}
