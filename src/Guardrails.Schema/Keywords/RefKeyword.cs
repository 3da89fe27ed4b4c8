using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>A local <c>$ref</c>; its target is set once compiled, so references may be recursive.</summary>
internal sealed class RefKeyword : SchemaKeyword
{
    public CompiledSchema? Target { get; set; }

    public override bool Validate(JsonElement value, ValidationContext context) => Target!.Validate(value, context);
}
