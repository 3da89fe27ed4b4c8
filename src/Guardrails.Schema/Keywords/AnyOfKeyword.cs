using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class AnyOfKeyword(CompiledSchema[] schemas) : SchemaKeyword
{
    public override bool Validate(JsonElement value, ValidationContext context) =>
        Speculation.Count(schemas, value, context, stopAt: 1) >= 1 || context.Fail("matches none of the allowed shapes");
}
