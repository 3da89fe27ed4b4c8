using Guardrails.Schema.Keywords;

namespace Guardrails.Schema.Compilation;

/// <summary>
/// Merges compiled schemas into one that a value satisfies exactly when it satisfies them all. Every keyword checks its
/// value on its own (a schema's <c>additionalProperties</c> keeps the names its own <c>properties</c> declared), so the
/// conjunction of two schemas is the union of their keywords, where <c>required</c> names are joined,
/// <c>properties</c> that name the same member become one member whose schema is the conjunction of theirs,
/// <c>items</c> without <c>prefixItems</c> likewise, and <c>allOf</c> is flattened. Any other keyword is kept as it is.
/// The merged keywords' order, and so their first failure, differ from the schemas': only the verdict is the same.
/// </summary>
internal static class SchemaConjunction
{
    private static readonly CompiledSchema RejectAll = new(false, []);

    public static CompiledSchema Of(IReadOnlyList<CompiledSchema> schemas)
    {
        var parts = new Parts();
        foreach (var schema in schemas)
        {
            if (!parts.Add(schema))
            {
                return RejectAll;
            }
        }

        return parts.Count == 1 && parts.Single is { } single ? single : parts.Build();
    }

    private sealed class Parts
    {
        private readonly List<string> _required = [];
        private readonly List<(string Name, List<CompiledSchema> Schemas)> _properties = [];
        private readonly List<CompiledSchema> _items = [];
        private readonly List<SchemaKeyword> _others = [];

        /// <summary>How many schemas (other than accept-all) were added.</summary>
        public int Count { get; private set; }

        /// <summary>The one schema added, while there is only one.</summary>
        public CompiledSchema? Single { get; private set; }

        /// <summary>Adds the keywords of <paramref name="schema"/>; false when it rejects every value.</summary>
        public bool Add(CompiledSchema schema)
        {
            if (schema.IsAcceptAll)
            {
                return true;
            }

            if (schema.IsRejectAll)
            {
                return false;
            }

            Count++;
            Single = Count == 1 ? schema : null;
            foreach (var keyword in schema.Keywords)
            {
                if (!Add(keyword))
                {
                    return false;
                }
            }

            return true;
        }

        public CompiledSchema Build()
        {
            var properties = _properties.Select(p => (p.Name, Of(p.Schemas))).ToArray();
            var required = _required.ToArray();
            if (MemberChecks(required, properties, out var folded) is { } memberChecks)
            {
                return new CompiledSchema(null, [.. _others.Except(folded), memberChecks, .. Items()]);
            }

            var keywords = new List<SchemaKeyword>(_others);
            if (RequiredPropertiesKeyword.CanCombine(required, properties, valueKeywords: 0))
            {
                keywords.Add(new RequiredPropertiesKeyword(required, properties));
            }
            else
            {
                if (required.Length > 0)
                {
                    keywords.Add(new RequiredKeyword(required));
                }

                if (properties.Length > 0)
                {
                    keywords.Add(new PropertiesKeyword(properties));
                }
            }

            keywords.AddRange(Items());
            return new CompiledSchema(null, [.. keywords]);
        }

        private SchemaKeyword[] Items() => _items.Count > 0 ? [new ItemsKeyword([], Of(_items))] : [];

        // Required and described members with every if/then/else among the other keywords whose schemas only require
        // and describe members, as one keyword that looks each name up once; null when there is no such if, or too many names.
        private MemberChecksKeyword? MemberChecks(string[] required, (string Name, CompiledSchema Schema)[] properties, out List<SchemaKeyword> folded)
        {
            folded = [];
            var names = new List<string>();
            int Number(string name)
            {
                var at = names.IndexOf(name);
                if (at < 0)
                {
                    names.Add(name);
                    at = names.Count - 1;
                }

                return at;
            }

            var clauses = new MemberClauses(null, [.. required.Select(Number)], [.. properties.Select(p => (Number(p.Name), MemberClauses.Unwrapped(p.Schema)))]);
            var conditionals = new List<(MemberClauses, MemberClauses, MemberClauses)>();
            foreach (var keyword in _others.OfType<ConditionalKeyword>())
            {
                var namesBefore = names.Count;
                if (MemberClauses.Of(keyword.Condition, Number) is { } condition && MemberClauses.Of(keyword.Then, Number) is { } then
                    && MemberClauses.Of(keyword.Else, Number) is { } otherwise)
                {
                    conditionals.Add((condition, then, otherwise));
                    folded.Add(keyword);
                }
                else
                {
                    names.RemoveRange(namesBefore, names.Count - namesBefore);
                }
            }

            return conditionals.Count == 0 || names.Count > MemberChecksKeyword.MaxNames
                ? null
                : new MemberChecksKeyword([.. names], clauses, [.. conditionals]);
        }

        private bool Add(SchemaKeyword keyword)
        {
            switch (keyword)
            {
                case RequiredPropertiesKeyword both:
                    AddRequired(both.Required);
                    AddProperties(both.Properties);
                    return true;
                case RequiredKeyword required:
                    AddRequired(required.Names);
                    return true;
                case PropertiesKeyword properties:
                    AddProperties(properties.Properties);
                    return true;
                case ItemsKeyword { Prefix.Length: 0, Rest: { } rest }:
                    _items.Add(rest);
                    return true;
                case AllOfKeyword all:
                    foreach (var schema in all.Schemas)
                    {
                        if (!Add(schema))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    // A keyword object shared by two schemas (a common $ref target's) needs checking once.
                    if (!_others.Contains(keyword))
                    {
                        _others.Add(keyword);
                    }

                    return true;
            }
        }

        private void AddRequired(string[] names)
        {
            foreach (var name in names)
            {
                if (!_required.Contains(name, StringComparer.Ordinal))
                {
                    _required.Add(name);
                }
            }
        }

        private void AddProperties((string Name, CompiledSchema Schema)[] properties)
        {
            foreach (var (name, schema) in properties)
            {
                var at = _properties.FindIndex(p => string.Equals(p.Name, name, StringComparison.Ordinal));
                if (at < 0)
                {
                    _properties.Add((name, [schema]));
                }
                else
                {
                    _properties[at].Schemas.Add(schema);
                }
            }
        }
    }
}
