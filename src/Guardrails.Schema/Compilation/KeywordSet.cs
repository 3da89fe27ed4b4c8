using Guardrails.Schema.Keywords;

namespace Guardrails.Schema.Compilation;

/// <summary>
/// Collects one schema object's keywords, combines the ones that work together (minimum with
/// exclusiveMinimum, properties with additionalProperties) and orders them so the clearest failure comes first.
/// </summary>
internal sealed class KeywordSet
{
    private readonly List<SchemaKeyword> _others = [];

    public TypeKeyword? Type { get; set; }

    public List<SchemaKeyword> Values { get; } = [];

    public string[]? Required { get; set; }

    public (string Name, CompiledSchema Schema)[]? Properties { get; set; }

    public CompiledSchema? AdditionalProperties { get; set; }

    public (PolicyRegex Pattern, CompiledSchema Schema)[]? PatternProperties { get; set; }

    public CompiledSchema? PropertyNames { get; set; }

    public CompiledSchema? Items { get; set; }

    public CompiledSchema[]? PrefixItems { get; set; }

    public CompiledSchema? Contains { get; set; }

    public Dictionary<string, int?> Counts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, decimal> Numbers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, bool> ExclusiveFlags { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Quantity> Quantities { get; } = new(StringComparer.Ordinal);

    public void Add(SchemaKeyword keyword) => _others.Add(keyword);

    public SchemaKeyword[] InEvaluationOrder()
    {
        var ordered = new List<SchemaKeyword>();
        AddIfSet(ordered, Type);
        if (RequiredPropertiesKeyword.CanCombine(Required, Properties, Values.Count))
        {
            // Nothing runs between the two, so one keyword gives the same failures in the same order.
            ordered.Add(new RequiredPropertiesKeyword(Required!, Properties!));
        }
        else
        {
            AddIfSet(ordered, Required is null ? null : new RequiredKeyword(Required));
            ordered.AddRange(Values);
            AddIfSet(ordered, Properties is null ? null : new PropertiesKeyword(Properties));
        }

        if (AdditionalProperties is not null || PatternProperties is not null || PropertyNames is not null)
        {
            var declared = new HashSet<string>(Properties?.Select(p => p.Name) ?? [], StringComparer.Ordinal);
            ordered.Add(new MembersKeyword(declared, PatternProperties ?? [], AdditionalProperties, PropertyNames));
        }

        if (Count("minProperties") is not null || Count("maxProperties") is not null)
        {
            ordered.Add(new PropertyCountKeyword(Count("minProperties"), Count("maxProperties")));
        }

        if (Items is not null || PrefixItems is not null)
        {
            ordered.Add(new ItemsKeyword(PrefixItems ?? [], Items));
        }

        if (Count("minItems") is not null || Count("maxItems") is not null)
        {
            ordered.Add(new ItemCountKeyword(Count("minItems"), Count("maxItems")));
        }

        if (Contains is not null)
        {
            ordered.Add(new ContainsKeyword(Contains, Count("minContains") ?? 1, Count("maxContains")));
        }

        if (Numbers.Count > 0)
        {
            ordered.Add(NumberRange());
        }

        if (Count("minLength") is not null || Count("maxLength") is not null)
        {
            ordered.Add(new StringLengthKeyword(Count("minLength"), Count("maxLength")));
        }

        if (Quantities.Count > 0)
        {
            ordered.Add(new QuantityKeyword(Quantity("quantityMinimum"), Quantity("quantityMaximum")));
        }

        ordered.AddRange(_others);
        if (ordered.Count >= 2 && PatternKeyword.Combined(ordered[0], ordered[1]) is { } typedPattern)
        {
            ordered[0] = typedPattern;
            ordered.RemoveAt(1);
        }

        return [.. ordered];
    }

    private NumberRangeKeyword NumberRange()
    {
        var minimum = Number("minimum");
        var maximum = Number("maximum");
        var exclusiveMinimum = Number("exclusiveMinimum");
        var exclusiveMaximum = Number("exclusiveMaximum");
        if (ExclusiveFlags.GetValueOrDefault("exclusiveMinimum"))
        {
            (exclusiveMinimum, minimum) = (minimum, null);
        }

        if (ExclusiveFlags.GetValueOrDefault("exclusiveMaximum"))
        {
            (exclusiveMaximum, maximum) = (maximum, null);
        }

        return new NumberRangeKeyword(minimum, maximum, exclusiveMinimum, exclusiveMaximum, Number("multipleOf"));
    }

    private int? Count(string name) => Counts.GetValueOrDefault(name);

    private decimal? Number(string name) => Numbers.TryGetValue(name, out var value) ? value : null;

    private Quantity? Quantity(string name) => Quantities.TryGetValue(name, out var value) ? value : null;

    private static void AddIfSet(List<SchemaKeyword> list, SchemaKeyword? keyword)
    {
        if (keyword is not null)
        {
            list.Add(keyword);
        }
    }
}
