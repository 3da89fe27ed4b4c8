using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class AnyOfKeyword(CompiledSchema[] schemas) : SchemaKeyword
{
    /// <summary>What a value that matches no branch fails with.</summary>
    public const string NoneMatchedMessage = "matches none of the allowed shapes";

    /// <summary><c>anyOf</c> of <paramref name="schemas"/>: of branches that only require members, one keyword that finds them in one pass.</summary>
    public static SchemaKeyword Of(CompiledSchema[] schemas) => (SchemaKeyword?)AnyRequiredKeyword.Of(schemas) ?? new AnyOfKeyword(schemas);

    public override bool Validate(JsonElement value, ValidationContext context) =>
        Speculation.Count(schemas, value, context, stopAt: 1) >= 1 || context.Fail(NoneMatchedMessage);
}
