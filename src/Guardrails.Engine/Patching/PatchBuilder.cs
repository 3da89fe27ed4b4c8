using System.Text.Json;
using Guardrails.Engine.Json;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Patching;

/// <summary>
/// Turns target-relative mutations into RFC 6902 operations against the whole object. Missing parents are
/// created by adding the outermost missing member with the rest nested inside it; members this builder has
/// already created are remembered, so later steps extend them instead of overwriting them.
/// </summary>
internal sealed class PatchBuilder(JsonElement root)
{
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private readonly List<PatchOperation> _operations = [];

    public IReadOnlyList<PatchOperation> Operations => _operations;

    public void Add(IReadOnlyList<string> targetTokens, Mutation mutation, in TemplateScope scope)
    {
        var tokens = new string[targetTokens.Count + mutation.Tokens.Length];
        for (var i = 0; i < targetTokens.Count; i++)
        {
            tokens[i] = targetTokens[i];
        }

        mutation.Tokens.CopyTo(tokens, targetTokens.Count);
        var prefixes = Prefixes(tokens);
        var path = prefixes[^1];
        if (mutation.Op == PatchOp.Remove)
        {
            if (Exists(tokens, path) && _removed.Add(path))
            {
                _operations.Add(new PatchOperation("remove", path, null));
            }

            return;
        }

        if (mutation.ValueFor(scope) is not { } value)
        {
            return;
        }

        var missingFrom = FirstMissing(tokens, prefixes);
        if (missingFrom < 0)
        {
            return;
        }

        // Nest the value in objects for every missing level below the first missing one.
        for (var level = tokens.Length - 1; level > missingFrom; level--)
        {
            value = Nest(tokens[level], value);
        }

        // A replace of a member that exists stays a replace; anything missing is added, parents included.
        var op = mutation.Op == PatchOp.Replace && missingFrom == tokens.Length - 1 && Exists(tokens, prefixes[^1]) ? "replace" : "add";
        _operations.Add(new PatchOperation(op, prefixes[missingFrom], value));
        for (var level = missingFrom; level < tokens.Length; level++)
        {
            _created.Add(prefixes[level]);
        }
    }

    // Index of the first token whose member does not exist yet (the leaf itself when all exist);
    // -1 when a parent exists but cannot hold the member (a string, an index past the end).
    private int FirstMissing(string[] tokens, string[] prefixes)
    {
        var current = root;
        var belowCreated = false;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (_created.Contains(prefixes[i]))
            {
                belowCreated = true;
                continue;
            }

            if (belowCreated)
            {
                return i;
            }

            if (tokens[i] == "-")
            {
                return i == tokens.Length - 1 && current.ValueKind == JsonValueKind.Array ? i : -1;
            }

            switch (current.ValueKind)
            {
                case JsonValueKind.Object when current.TryGetProperty(tokens[i], out var child):
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

        return tokens.Length - 1;
    }

    private bool Exists(string[] tokens, string path) => _created.Contains(path) || JsonPointer.TryResolve(root, tokens, out _);

    // prefixes[i] is the pointer of tokens[0..i], built once per step.
    private static string[] Prefixes(string[] tokens)
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

    private static JsonElement Nest(string token, JsonElement value)
    {
        if (token == "-")
        {
            return JsonSerializer.SerializeToElement(new[] { value }, PatchJsonContext.Default.JsonElementArray);
        }

        var wrapper = new Dictionary<string, JsonElement> { [token] = value };
        return JsonSerializer.SerializeToElement(wrapper, PatchJsonContext.Default.DictionaryStringJsonElement);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonElement[]))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class PatchJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
