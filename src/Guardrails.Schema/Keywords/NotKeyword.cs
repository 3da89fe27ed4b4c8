using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class NotKeyword(CompiledSchema schema) : SchemaKeyword
{
    // One array for every evaluation: a collection expression here would allocate one per check.
    private readonly CompiledSchema[] _schema = [schema];

    public override bool Validate(JsonElement value, ValidationContext context) =>
        Speculation.Count(_schema, value, context, stopAt: 1) == 0 || context.Fail("has a value that is not allowed");
}
