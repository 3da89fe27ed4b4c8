using System.Text.Json;
using System.Text.RegularExpressions;
using Guardrails.Engine.Format;
using Guardrails.Engine.Templates;
using Guardrails.Schema;

namespace Guardrails.Engine.Patching;

/// <summary>A compiled mutation step: a field relative to a rule's target that is filled in when absent, with a fixed or copied value.</summary>
internal sealed partial class Mutation
{
    private readonly JsonElement? _value;
    private readonly Placeholder? _copyFrom;
    private readonly JsonElement? _fallback;

    private Mutation(string[] tokens, JsonElement? value, Placeholder? copyFrom, JsonElement? fallback)
    {
        Tokens = tokens;
        Field = FieldChange.Dotted(tokens);
        RelativePointers = Spelled(tokens);
        Nested = new NestedValues(tokens);
        _value = value;
        _copyFrom = copyFrom;
        _fallback = fallback;
    }

    public string[] Tokens { get; }

    /// <summary>The field in the rule's target, as kubectl names fields (<see cref="FieldChange.Field"/>).</summary>
    public string Field { get; }

    /// <summary>RelativePointers[i] is the pointer of Tokens[0..i] below the target: spelled once at load.</summary>
    public string[] RelativePointers { get; }

    /// <summary>What a step of this mutation adds where its field's parents are absent.</summary>
    public NestedValues Nested { get; }

    public static Mutation? TryCompile(MutationSpec spec, out string? error)
    {
        error = null;
        if (!JsonPointer.TryParse(spec.Path, out var tokens) || tokens.Length == 0)
        {
            error = $"path '{spec.Path}' is not a JSON Pointer below the target (it must start with '/', and '~' must be written '~0' or '~1')";
            return null;
        }

        if (spec.Value is null)
        {
            error = "'add' needs a value";
            return null;
        }

        if (spec.Value is { ValueKind: JsonValueKind.String } text && CopyExpression().Match(text.GetString()!) is { Success: true } copy)
        {
            if (Placeholder.Parse(copy.Groups["path"].Value) is not { } placeholder)
            {
                error = $"'{text.GetString()}' does not name a dotted path";
                return null;
            }

            // The fallback is read as a plain YAML scalar: "?? 2" writes the number 2, "?? 500m" a string.
            var fallback = copy.Groups["fallback"].Success
                ? Guardrails.Yaml.YamlScalars.ResolvePlain(copy.Groups["fallback"].Value)
                : (JsonElement?)null;
            return new Mutation(tokens, null, placeholder, fallback);
        }

        return new Mutation(tokens, spec.Value, null, null);
    }

    /// <summary>The value to write for this target; null when it copies a value that is absent and has no fallback.</summary>
    public JsonElement? ValueFor(in TemplateScope scope) => _copyFrom is null ? _value : _copyFrom.Resolve(scope) ?? _fallback;

    private static string[] Spelled(string[] tokens)
    {
        var pointers = new string[tokens.Length];
        var current = string.Empty;
        for (var i = 0; i < tokens.Length; i++)
        {
            current = JsonPointer.Append(current, tokens[i]);
            pointers[i] = current;
        }

        return pointers;
    }

    [GeneratedRegex(@"^\{\{\s*(?<path>[^?}\s]+)\s*(\?\?\s*(?<fallback>[^}]*?))?\s*\}\}$", RegexOptions.CultureInvariant)]
    private static partial Regex CopyExpression();
}
