namespace Guardrails.Schema.Keywords;

/// <summary>
/// What a schema that only requires and describes members asks of an object, by the position of each name in
/// <see cref="MemberChecksKeyword"/>'s names; <see cref="Constant"/> instead for a schema that accepts or rejects every value.
/// </summary>
internal sealed record MemberClauses(bool? Constant, int[] Required, (int Name, CompiledSchema Schema)[] Properties)
{
    /// <summary>What an absent <c>then</c> or <c>else</c> asks: nothing.</summary>
    public static MemberClauses Nothing { get; } = new(true, [], []);

    /// <summary>
    /// The clauses of <paramref name="schema"/> (null: none), with each name numbered by <paramref name="number"/>; null
    /// when it holds any keyword other than <c>required</c> and <c>properties</c>.
    /// </summary>
    public static MemberClauses? Of(CompiledSchema? schema, Func<string, int> number)
    {
        if (schema is null || schema.IsAcceptAll)
        {
            return Nothing;
        }

        if (schema.IsRejectAll)
        {
            return new MemberClauses(false, [], []);
        }

        var required = new List<int>();
        var properties = new List<(int, CompiledSchema)>();
        foreach (var keyword in schema.Keywords)
        {
            switch (keyword)
            {
                case RequiredPropertiesKeyword both:
                    required.AddRange(both.Required.Select(number));
                    properties.AddRange(both.Properties.Select(p => (number(p.Name), Unwrapped(p.Schema))));
                    break;
                case RequiredKeyword only:
                    required.AddRange(only.Names.Select(number));
                    break;
                case PropertiesKeyword only:
                    properties.AddRange(only.Properties.Select(p => (number(p.Name), Unwrapped(p.Schema))));
                    break;
                default:
                    return null;
            }
        }

        return new MemberClauses(null, [.. required], [.. properties]);
    }

    /// <summary>
    /// A schema that validates as <paramref name="schema"/> with fewer levels of calls: a schema that is only a <c>$ref</c>
    /// as its target (a few hops at most, so that a loop of references is left as it is), and the <c>$ref</c> of a
    /// schema that is only a <c>not</c> likewise.
    /// </summary>
    internal static CompiledSchema Unwrapped(CompiledSchema schema) => Unwrapped(schema, nots: 1);

    private static CompiledSchema Unwrapped(CompiledSchema schema, int nots)
    {
        for (var hop = 0; hop < 4 && schema.Keywords is [RefKeyword { Target: { } target }]; hop++)
        {
            schema = target;
        }

        if (nots > 0 && schema.Keywords is [NotKeyword not] && Unwrapped(not.Schema, nots - 1) is var inner && inner != not.Schema)
        {
            return new CompiledSchema(null, [new NotKeyword(inner)]);
        }

        return schema;
    }
}
