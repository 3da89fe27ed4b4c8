using System.Text.Json;
using Guardrails.Schema.Keywords;

namespace Guardrails.Schema.Compilation;

/// <summary>
/// Compiles JSON Schema documents into <see cref="CompiledSchema"/> checks. Every keyword is either enforced
/// or rejected with a problem: a schema can never pass because a keyword was silently ignored.
/// </summary>
public sealed class SchemaCompiler
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "title", "description", "$comment", "examples", "default", "$schema", "$id", "id", "readOnly", "writeOnly", "deprecated",
    };

    private static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["unevaluatedProperties"] = "use additionalProperties",
        ["unevaluatedItems"] = "use items with prefixItems",
        ["dependentSchemas"] = "use if/then",
        ["dependencies"] = "use dependentRequired, or if/then",
        ["additionalItems"] = "use prefixItems with items",
        ["$dynamicRef"] = "inline the schema",
        ["$recursiveRef"] = "inline the schema",
        ["$anchor"] = "refer to definitions with \"$ref\": \"#/definitions/<name>\"",
        ["contentMediaType"] = "it cannot be enforced",
        ["contentEncoding"] = "it cannot be enforced",
    };

    private readonly JsonElement _root;
    private readonly IPatternCatalog? _precompiled;
    private readonly List<SchemaProblem> _problems = [];
    private readonly Dictionary<string, RefKeyword> _references = new(StringComparer.Ordinal);

    private SchemaCompiler(JsonElement root, IPatternCatalog? precompiled)
    {
        _root = root;
        _precompiled = precompiled;
    }

    /// <summary>Names of the keywords that are enforced, for error messages and documentation.</summary>
    public static IReadOnlyList<string> SupportedKeywords { get; } =
    [
        "type", "enum", "const", "properties", "required", "additionalProperties", "patternProperties", "propertyNames",
        "minProperties", "maxProperties", "dependentRequired", "items", "prefixItems", "minItems", "maxItems", "uniqueItems",
        "contains", "minContains", "maxContains", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "minLength", "maxLength", "pattern", "format", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref",
        "definitions", "$defs", "quantityMinimum", "quantityMaximum",
    ];

    /// <summary>Compiles <paramref name="schema"/>; the schema is <c>null</c> when any problem was found.</summary>
    /// <param name="schema">The schema document.</param>
    /// <param name="precompiled">Patterns compiled ahead of time, used where a <c>pattern</c> or <c>patternProperties</c>
    /// writes exactly their text; none when null.</param>
    public static (CompiledSchema? Schema, IReadOnlyList<SchemaProblem> Problems) Compile(JsonElement schema, IPatternCatalog? precompiled = null)
    {
        var compiler = new SchemaCompiler(schema, precompiled);
        var compiled = compiler.CompileNode(schema, string.Empty);
        compiler.ResolveReferences();
        compiler.RejectReferenceLoops();
        return compiler._problems.Count == 0 ? (compiled, []) : (null, compiler._problems);
    }

    /// <summary>
    /// One schema that a value satisfies exactly when it satisfies every one of <paramref name="schemas"/>, built from them
    /// so that it walks the value once: the members and the items that several of them describe are looked up and
    /// visited once for all. Its failures are not those of the schemas: ask it only whether a value passes
    /// (<see cref="CompiledSchema.Matches"/>).
    /// </summary>
    public static CompiledSchema AllOf(IReadOnlyList<CompiledSchema> schemas)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        return SchemaConjunction.Of(schemas);
    }

    private CompiledSchema CompileNode(JsonElement node, string pointer)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.True:
                return CompiledSchema.AcceptAll;
            case JsonValueKind.False:
                return new CompiledSchema(false, []);
            case JsonValueKind.Object:
                break;
            default:
                Problem(pointer, $"a schema must be an object or a boolean, not {TypeKeyword.Describe(node)}");
                return CompiledSchema.AcceptAll;
        }

        var keywords = new KeywordSet();
        foreach (var member in node.EnumerateObject())
        {
            CompileKeyword(member, JsonPointer.Append(pointer, member.Name), node, keywords);
        }

        return new CompiledSchema(null, keywords.InEvaluationOrder());
    }

    private void CompileKeyword(JsonProperty member, string pointer, JsonElement node, KeywordSet keywords)
    {
        var value = member.Value;
        switch (member.Name)
        {
            case var annotation when Annotations.Contains(annotation) || annotation.StartsWith("x-", StringComparison.Ordinal):
                return;
            case "definitions" or "$defs":
                CompileDefinitions(value, pointer);
                return;
            case "type":
                keywords.Type = CompileType(value, pointer);
                return;
            case "enum" when value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0:
                keywords.Values.Add(new EnumKeyword(value.EnumerateArray().ToArray(), $"must be one of {Shorten(Compact(value))}"));
                return;
            case "const":
                keywords.Values.Add(new EnumKeyword([value], $"must be {Shorten(Compact(value))}"));
                return;
            case "properties" when value.ValueKind == JsonValueKind.Object:
                keywords.Properties = value.EnumerateObject().Select(p => (p.Name, CompileNode(p.Value, JsonPointer.Append(pointer, p.Name)))).ToArray();
                return;
            case "required" when StringArray(value) is { } required:
                keywords.Required = required;
                return;
            case "additionalProperties":
                keywords.AdditionalProperties = CompileNode(value, pointer);
                return;
            case "patternProperties" when value.ValueKind == JsonValueKind.Object:
                keywords.PatternProperties = value.EnumerateObject()
                    .Select(p => (Regex: CompilePattern(p.Name, pointer, "patternProperties"), Schema: CompileNode(p.Value, JsonPointer.Append(pointer, p.Name))))
                    .Where(p => p.Regex is not null)
                    .Select(p => (p.Regex!, p.Schema))
                    .ToArray();
                return;
            case "propertyNames":
                keywords.PropertyNames = CompileNode(value, pointer);
                return;
            case "minProperties" or "maxProperties" or "minItems" or "maxItems" or "minLength" or "maxLength" or "minContains" or "maxContains":
                keywords.Counts[member.Name] = Count(member.Name, value, pointer);
                return;
            case "dependentRequired" when value.ValueKind == JsonValueKind.Object:
                keywords.Add(new DependentRequiredKeyword(value.EnumerateObject().Select(p => (p.Name, StringArray(p.Value) ?? Invalid<string[]>(JsonPointer.Append(pointer, p.Name), "dependentRequired entries must be lists of field names", []))).ToArray()));
                return;
            case "items" when value.ValueKind == JsonValueKind.Array:
                Problem(pointer, "'items' as a list (tuple form) is not supported: use 'prefixItems' for positions and 'items' for the rest");
                return;
            case "items":
                keywords.Items = CompileNode(value, pointer);
                return;
            case "prefixItems" when value.ValueKind == JsonValueKind.Array:
                keywords.PrefixItems = value.EnumerateArray().Select((item, i) => CompileNode(item, JsonPointer.Append(pointer, i))).ToArray();
                return;
            case "uniqueItems" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                if (value.GetBoolean())
                {
                    keywords.Add(new UniqueItemsKeyword());
                }

                return;
            case "contains":
                keywords.Contains = CompileNode(value, pointer);
                return;
            case "multipleOf" when value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var step):
                if (step <= 0)
                {
                    Problem(pointer, "multipleOf must be more than 0");
                }
                else
                {
                    keywords.Numbers[member.Name] = step;
                }

                return;
            case "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum" when value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var bound):
                keywords.Numbers[member.Name] = bound;
                return;
            case "exclusiveMinimum" or "exclusiveMaximum" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                // Draft 4 form: a flag on minimum/maximum.
                keywords.ExclusiveFlags[member.Name] = value.GetBoolean();
                return;
            case "pattern" when value.ValueKind == JsonValueKind.String:
                if (CompilePattern(value.GetString()!, pointer, "pattern") is { } regex)
                {
                    keywords.Add(new PatternKeyword(regex));
                }

                return;
            case "format" when value.ValueKind == JsonValueKind.String:
                var format = value.GetString()!;
                if (Array.IndexOf(FormatKeyword.Supported, format) < 0)
                {
                    Problem(pointer, $"format '{format}' is not supported (supported: {string.Join(", ", FormatKeyword.Supported)})");
                }
                else
                {
                    keywords.Add(new FormatKeyword(format));
                }

                return;
            case "allOf" or "anyOf" or "oneOf" when value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0:
                var schemas = value.EnumerateArray().Select((item, i) => CompileNode(item, JsonPointer.Append(pointer, i))).ToArray();
                keywords.Add(member.Name switch
                {
                    "allOf" => new AllOfKeyword(schemas),
                    "anyOf" => AnyOfKeyword.Of(schemas),
                    _ => new OneOfKeyword(schemas),
                });
                return;
            case "not":
                keywords.Add(new NotKeyword(CompileNode(value, pointer)));
                return;
            case "if":
                keywords.Add(new ConditionalKeyword(
                    CompileNode(value, pointer),
                    node.TryGetProperty("then", out var then) ? CompileNode(then, JsonPointer.Append(Parent(pointer), "then")) : null,
                    node.TryGetProperty("else", out var otherwise) ? CompileNode(otherwise, JsonPointer.Append(Parent(pointer), "else")) : null));
                return;
            case "then" or "else":
                if (!node.TryGetProperty("if", out _))
                {
                    Problem(pointer, $"'{member.Name}' without 'if' would never be checked");
                }

                return;
            case "$ref" when value.ValueKind == JsonValueKind.String:
                keywords.Add(Reference(value.GetString()!, pointer));
                return;
            case "quantityMinimum" or "quantityMaximum":
                var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.ValueKind == JsonValueKind.Number ? value.GetRawText() : string.Empty;
                if (Quantity.TryParse(text, out var quantity))
                {
                    keywords.Quantities[member.Name] = quantity;
                }
                else
                {
                    Problem(pointer, $"{member.Name}: {Shorten(Compact(value))} is not a valid Kubernetes quantity (examples: 500m, 2, 64Mi, 1Gi)");
                }

                return;
            case var name when Unsupported.TryGetValue(name, out var instead):
                Problem(pointer, $"keyword '{name}' is not supported, because it could not be enforced: {instead}");
                return;
            case var name when IsKnownKeyword(name):
                Problem(pointer, $"keyword '{name}' has a value of the wrong type ({TypeKeyword.Describe(value)})");
                return;
            default:
                Problem(pointer, $"unknown keyword '{member.Name}': Guardrails rejects keywords it does not enforce (use an 'x-' prefix for your own annotations)");
                return;
        }
    }

    private TypeKeyword? CompileType(JsonElement value, string pointer)
    {
        var names = value.ValueKind == JsonValueKind.String ? [value.GetString()!] : StringArray(value);
        if (names is null || names.Length == 0)
        {
            Problem(pointer, "'type' must be a type name or a list of them");
            return null;
        }

        var allowed = JsonTypes.None;
        foreach (var name in names)
        {
            var type = name switch
            {
                "object" => JsonTypes.Object,
                "array" => JsonTypes.Array,
                "string" => JsonTypes.String,
                "number" => JsonTypes.Number,
                "integer" => JsonTypes.Integer,
                "boolean" => JsonTypes.Boolean,
                "null" => JsonTypes.Null,
                _ => JsonTypes.None,
            };
            if (type == JsonTypes.None)
            {
                Problem(pointer, $"'{name}' is not a JSON Schema type (object, array, string, number, integer, boolean, null)");
            }

            allowed |= type;
        }

        var description = string.Join(" or ", names.Select(n => n switch { "array" => "a list", "integer" => "an integer", "object" => "an object", "null" => "null", _ => "a " + n }));
        return new TypeKeyword(allowed, description);
    }

    private void CompileDefinitions(JsonElement value, string pointer)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            Problem(pointer, "definitions must be an object of schemas");
            return;
        }

        foreach (var definition in value.EnumerateObject())
        {
            var definitionPointer = JsonPointer.Append(pointer, definition.Name);
            if (!_references.ContainsKey("#" + definitionPointer))
            {
                // Compiled through a reference so that problems are reported once, and unused definitions are still checked.
                Reference("#" + definitionPointer, definitionPointer);
            }
        }
    }

    private RefKeyword Reference(string reference, string pointer)
    {
        if (_references.TryGetValue(reference, out var existing))
        {
            return existing;
        }

        var keyword = new RefKeyword();
        _references[reference] = keyword;
        if (!reference.StartsWith('#') || !JsonPointer.TryParse(Uri.UnescapeDataString(reference[1..]), out var tokens) || !JsonPointer.TryResolve(_root, tokens, out _))
        {
            Problem(pointer, $"'$ref' {reference} does not point into this schema (only local references like #/definitions/name are supported)");
            keyword.Target = CompiledSchema.AcceptAll;
        }

        return keyword;
    }

    private void ResolveReferences()
    {
        // Targets compile after the walk; compiling one may add further references, hence the loop.
        while (_references.FirstOrDefault(r => r.Value.Target is null) is { Key: not null } pending)
        {
            pending.Value.Target = CompiledSchema.AcceptAll;
            if (JsonPointer.TryParse(Uri.UnescapeDataString(pending.Key[1..]), out var tokens) && JsonPointer.TryResolve(_root, tokens, out var target))
            {
                pending.Value.Target = CompileNode(target, pending.Key[1..]);
            }
        }
    }

    // A $ref chain that comes back to where it started without stepping into a member or an item
    // would recurse forever on any value (and a stack overflow cannot be caught): reject it.
    private void RejectReferenceLoops()
    {
        var states = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var reference in _references.Keys.ToList())
        {
            if (FindLoop(reference[1..], states) is { } loop)
            {
                Problem(loop, "'$ref' loops back to itself without descending into the value, so it could never be evaluated");
                return;
            }
        }
    }

    private string? FindLoop(string pointer, Dictionary<string, bool> states)
    {
        if (states.TryGetValue(pointer, out var done))
        {
            return done ? null : pointer;
        }

        states[pointer] = false;
        if (JsonPointer.TryParse(pointer, out var tokens) && JsonPointer.TryResolve(_root, tokens, out var node) && node.ValueKind == JsonValueKind.Object)
        {
            foreach (var next in InPlaceChildren(node, pointer))
            {
                if (FindLoop(next, states) is { } loop)
                {
                    return loop;
                }
            }
        }

        states[pointer] = true;
        return null;
    }

    // Subschemas applied to the same value, not to a member or an item of it.
    private static IEnumerable<string> InPlaceChildren(JsonElement node, string pointer)
    {
        foreach (var member in node.EnumerateObject())
        {
            switch (member.Name)
            {
                case "$ref" when member.Value.ValueKind == JsonValueKind.String && member.Value.GetString()!.StartsWith('#'):
                    yield return Uri.UnescapeDataString(member.Value.GetString()![1..]);
                    break;
                case "allOf" or "anyOf" or "oneOf" when member.Value.ValueKind == JsonValueKind.Array:
                    for (var i = 0; i < member.Value.GetArrayLength(); i++)
                    {
                        yield return JsonPointer.Append(JsonPointer.Append(pointer, member.Name), i);
                    }

                    break;
                case "not" or "if" or "then" or "else":
                    yield return JsonPointer.Append(pointer, member.Name);
                    break;
            }
        }
    }

    private PolicyRegex? CompilePattern(string pattern, string pointer, string keyword)
    {
        if (Patterns.TryCreate(pattern, _precompiled, out var regex, out var error))
        {
            return regex;
        }

        Problem(pointer, $"{keyword}: invalid regular expression '{pattern}': {error}");
        return null;
    }

    private int? Count(string keyword, JsonElement value, string pointer)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0)
        {
            return count;
        }

        // 2.0 is a whole number too (JSON Schema: "a non-negative integer", which a number with a zero fraction is).
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var whole) && whole >= 0 && whole <= int.MaxValue && decimal.Truncate(whole) == whole)
        {
            return (int)whole;
        }

        Problem(pointer, $"{keyword} must be a whole number of zero or more");
        return null;
    }

    private T Invalid<T>(string pointer, string message, T fallback)
    {
        Problem(pointer, message);
        return fallback;
    }

    private static string[]? StringArray(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String)
            ? value.EnumerateArray().Select(item => item.GetString()!).ToArray()
            : null;

    private static bool IsKnownKeyword(string name) => SupportedKeywords.Contains(name);

    private static string Parent(string pointer) => pointer[..pointer.LastIndexOf('/')];

    private static string Compact(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");

    private void Problem(string pointer, string message) => _problems.Add(new SchemaProblem(pointer, message));
}
