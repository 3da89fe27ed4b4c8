using System.Text.Json;

namespace Guardrails.Engine.Patching;

/// <summary>
/// Turns target-relative mutations into RFC 6902 operations against the whole object. A mutation fills in a field
/// that is absent (or <c>null</c>, which the API server drops): it never rewrites a value the request wrote. Missing
/// parents are created by adding the outermost missing member with the rest nested inside it; members this builder
/// has already created are remembered, so later steps extend them instead of overwriting them.
/// </summary>
internal sealed class PatchBuilder(JsonElement root, WrittenFields written, bool startsAtTargets = true)
{
    private const int Present = int.MaxValue;
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);
    private readonly List<PatchOperation> _operations = [];
    private bool _replaced;

    public IReadOnlyList<PatchOperation> Operations => _operations;

    /// <summary>Adds a resolved step, against the object and the members this builder has created so far.</summary>
    public MutationStep Apply(ResolvedStep step)
    {
        var leaf = step.Prefix(step.Length - 1);
        var missingFrom = FirstMissing(step);
        if (missingFrom < 0)
        {
            return default;
        }

        if (missingFrom == Present)
        {
            // A value the API server defaulted (the request shows it was not written) is filled in like an absent one.
            if (_created.Contains(leaf) || written.IsWritten(step.Tokens))
            {
                return _created.Contains(leaf) ? default : new MutationStep(null, leaf);
            }

            _operations.Add(new PatchOperation("replace", leaf, step.Value));
            _created.Add(leaf);
            _replaced = true;
            return new MutationStep(Change(leaf, step.Value, step.Mutation), null);
        }

        _operations.Add(new PatchOperation("add", step.Prefix(missingFrom), step.Nested(missingFrom)));
        for (var level = missingFrom; level < step.Length; level++)
        {
            _created.Add(step.Prefix(level));
        }

        return new MutationStep(Change(leaf, step.Value, step.Mutation), null);
    }

    private static FieldChange Change(string pointer, JsonElement value, Mutation mutation) =>
        new(pointer, value, mutation.Field);

    // Index of the first token whose member is absent or null; Present when the leaf exists; -1 when a parent
    // exists but cannot hold the member (a string, an index past the end).
    private int FirstMissing(ResolvedStep step)
    {
        // A member this builder added was absent from the object, and the object holds the target's path: until a
        // present value is replaced, nothing created lies on that path, so the walk from the root would reach the target
        // without a created member and can start there.
        var (current, from) = startsAtTargets && !_replaced ? (step.Target, step.TargetDepth) : (root, 0);
        var length = step.Length;
        for (var i = from; i < length; i++)
        {
            if (_created.Contains(step.Prefix(i)))
            {
                if (i == length - 1)
                {
                    return Present;
                }

                if (!_created.Contains(step.Prefix(i + 1)))
                {
                    return i + 1;
                }

                continue;
            }

            var token = step.Token(i);
            if (token == "-")
            {
                return i == length - 1 && current.ValueKind == JsonValueKind.Array ? i : -1;
            }

            switch (current.ValueKind)
            {
                case JsonValueKind.Object when current.TryGetProperty(token, out var child) && child.ValueKind != JsonValueKind.Null:
                    current = child;
                    break;
                case JsonValueKind.Object:
                    return i;
                case JsonValueKind.Array when int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength():
                    current = current[index];
                    break;
                default:
                    return -1;
            }
        }

        return Present;
    }
}
