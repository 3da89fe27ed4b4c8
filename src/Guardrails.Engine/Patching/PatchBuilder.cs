using System.Text.Json;
using Guardrails.Engine.Templates;

namespace Guardrails.Engine.Patching;

/// <summary>
/// Turns target-relative mutations into RFC 6902 operations against the whole object. A mutation fills in a field
/// that is absent (or <c>null</c>, which the API server drops): it never rewrites a value the request wrote. Missing
/// parents are created by adding the outermost missing member with the rest nested inside it; members this builder
/// has already created are remembered, so later steps extend them instead of overwriting them.
/// </summary>
internal sealed class PatchBuilder(JsonElement root, WrittenFields written)
{
    private const int Present = int.MaxValue;
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);
    private readonly List<PatchOperation> _operations = [];

    public IReadOnlyList<PatchOperation> Operations => _operations;

    /// <summary>Adds one step for a target; says what it filled in, or which written value it left alone.</summary>
    public MutationStep Add(IReadOnlyList<string> targetTokens, Mutation mutation, in TemplateScope scope) =>
        Resolve(targetTokens, mutation, scope) is { } step ? Apply(step) : default;

    /// <summary>The step's value and the whole object's tokens of its field; null when the mutation has no value here.</summary>
    public static ResolvedStep? Resolve(IReadOnlyList<string> targetTokens, Mutation mutation, in TemplateScope scope)
    {
        if (mutation.ValueFor(scope) is not { } value)
        {
            return null;
        }

        var tokens = new string[targetTokens.Count + mutation.Tokens.Length];
        for (var i = 0; i < targetTokens.Count; i++)
        {
            tokens[i] = targetTokens[i];
        }

        mutation.Tokens.CopyTo(tokens, targetTokens.Count);
        return new ResolvedStep(tokens, value, mutation);
    }

    /// <summary>Adds a resolved step, against the object and the members this builder has created so far.</summary>
    public MutationStep Apply(ResolvedStep step)
    {
        var (tokens, value, mutation) = step;
        var prefixes = step.Prefixes;
        var leaf = prefixes[^1];
        var missingFrom = FirstMissing(tokens, prefixes);
        if (missingFrom < 0)
        {
            return default;
        }

        if (missingFrom == Present)
        {
            // A value the API server defaulted (the request shows it was not written) is filled in like an absent one.
            if (_created.Contains(leaf) || written.IsWritten(tokens))
            {
                return _created.Contains(leaf) ? default : new MutationStep(null, leaf);
            }

            _operations.Add(new PatchOperation("replace", leaf, value));
            _created.Add(leaf);
            return new MutationStep(Change(leaf, value, mutation), null);
        }

        _operations.Add(new PatchOperation("add", prefixes[missingFrom], step.Nested(missingFrom)));
        for (var level = missingFrom; level < tokens.Length; level++)
        {
            _created.Add(prefixes[level]);
        }

        return new MutationStep(Change(leaf, value, mutation), null);
    }

    private static FieldChange Change(string pointer, JsonElement value, Mutation mutation) =>
        new(pointer, value, mutation.Field);

    // Index of the first token whose member is absent or null; Present when the leaf exists; -1 when a parent
    // exists but cannot hold the member (a string, an index past the end).
    private int FirstMissing(string[] tokens, string[] prefixes)
    {
        var current = root;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (_created.Contains(prefixes[i]))
            {
                if (i == tokens.Length - 1)
                {
                    return Present;
                }

                if (!_created.Contains(prefixes[i + 1]))
                {
                    return i + 1;
                }

                continue;
            }

            if (tokens[i] == "-")
            {
                return i == tokens.Length - 1 && current.ValueKind == JsonValueKind.Array ? i : -1;
            }

            switch (current.ValueKind)
            {
                case JsonValueKind.Object when current.TryGetProperty(tokens[i], out var child) && child.ValueKind != JsonValueKind.Null:
                    current = child;
                    break;
                case JsonValueKind.Object:
                    return i;
                case JsonValueKind.Array when int.TryParse(tokens[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength():
                    current = current[index];
                    break;
                default:
                    return -1;
            }
        }

        return Present;
    }
}
