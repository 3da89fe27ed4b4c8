using System.Text.Json;
using Guardrails.Schema;

namespace Guardrails.Engine.Patching;

/// <summary>One mutation for one target with its value rendered: what a <see cref="PatchBuilder"/> adds.</summary>
/// <param name="TargetPointer">The target's pointer in the whole object (a valid JSON Pointer).</param>
/// <param name="Target">The member of the object at <paramref name="TargetPointer"/>.</param>
/// <param name="Value">The value the mutation sets.</param>
/// <param name="Mutation">The mutation it comes from.</param>
internal sealed record ResolvedStep(string TargetPointer, JsonElement Target, JsonElement Value, Mutation Mutation)
{
    private string[]? _tokens;
    private string[]? _prefixes;
    private (int Level, JsonElement Value)? _nested;

    /// <summary>How many tokens the target's pointer has: the field's tokens below it start there.</summary>
    public int TargetDepth { get; } = TargetPointer.AsSpan().Count('/');

    /// <summary>How many tokens the field's pointer in the whole object has.</summary>
    public int Length => TargetDepth + Mutation.Tokens.Length;

    /// <summary>The tokens of the field's pointer in the whole object; the target's are parsed only when asked for.</summary>
    public string[] Tokens => _tokens ??= Joined(TargetPointer, Mutation.Tokens);

    /// <summary>True when <paramref name="pointer"/> is a JSON Pointer a step can start at.</summary>
    public static bool IsPointer(string pointer) =>
        pointer.Length == 0 || (pointer[0] == '/' && (!pointer.Contains('~', StringComparison.Ordinal) || JsonPointer.TryParse(pointer, out _)));

    /// <summary>The token at <paramref name="level"/> of the field's pointer in the whole object.</summary>
    public string Token(int level) => level < TargetDepth ? Tokens[level] : Mutation.Tokens[level - TargetDepth];

    /// <summary>
    /// The pointer of the tokens up to <paramref name="level"/>: spelled once, though a step is applied for its own patch
    /// and again for the combined one; below the target, the target's pointer and the mutation's own, spelled at load.
    /// </summary>
    public string Prefix(int level)
    {
        var prefixes = _prefixes ??= new string[Length];
        return prefixes[level] ??= level >= TargetDepth ? string.Concat(TargetPointer, Mutation.RelativePointers[level - TargetDepth])
            : JsonPointer.Append(level == 0 ? string.Empty : Prefix(level - 1), Tokens[level]);
    }

    /// <summary>The value to add at the member of the token at <paramref name="level"/> (the first one absent): <see cref="Value"/> nested in the members below it.</summary>
    public JsonElement Nested(int level)
    {
        if (_nested is { } kept && kept.Level == level)
        {
            return kept.Value;
        }

        var nested = level >= TargetDepth ? Mutation.Nested.At(level - TargetDepth, Value) : NestedValues.Built(Tokens, level, Value);
        _nested = (level, nested);
        return nested;
    }

    private static string[] Joined(string targetPointer, string[] below)
    {
        // IsPointer held the target's pointer valid before the step was made.
        var target = JsonPointer.TryParse(targetPointer, out var parsed) ? parsed : [];
        var tokens = new string[target.Length + below.Length];
        target.CopyTo(tokens, 0);
        below.CopyTo(tokens, target.Length);
        return tokens;
    }
}
