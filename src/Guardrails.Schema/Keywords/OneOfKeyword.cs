using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class OneOfKeyword(CompiledSchema[] schemas) : SchemaKeyword
{
    public override bool Validate(JsonElement value, ValidationContext context) =>
        Speculation.Count(schemas, value, context, stopAt: 2) switch
        {
            1 => true,
            0 => context.Fail("matches none of the allowed shapes"),
            _ => context.Fail("matches more than one of the exclusive shapes"),
        };
}
