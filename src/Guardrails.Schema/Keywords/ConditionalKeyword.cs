using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>if/then/else, enforced natively (NJsonSchema's validator ignores them).</summary>
internal sealed class ConditionalKeyword(CompiledSchema condition, CompiledSchema? then, CompiledSchema? otherwise) : SchemaKeyword
{
    // One array for every evaluation: a collection expression here would allocate one per check.
    private readonly CompiledSchema[] _condition = [condition];

    public override bool Validate(JsonElement value, ValidationContext context)
    {
        var branch = Speculation.Count(_condition, value, context, stopAt: 1) == 1 ? then : otherwise;
        return branch is null || branch.Validate(value, context);
    }
}
