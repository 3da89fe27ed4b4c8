using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>if/then/else, enforced natively (NJsonSchema's validator ignores them).</summary>
internal sealed class ConditionalKeyword(CompiledSchema condition, CompiledSchema? then, CompiledSchema? otherwise) : SchemaKeyword
{
    // One array for every evaluation: a collection expression here would allocate one per check.
    private readonly CompiledSchema[] _condition = [condition];

    /// <summary>The <c>if</c> schema, for the conjunction of schemas.</summary>
    internal CompiledSchema Condition => condition;

    /// <summary>The <c>then</c> schema (null: none), for the conjunction of schemas.</summary>
    internal CompiledSchema? Then => then;

    /// <summary>The <c>else</c> schema (null: none), for the conjunction of schemas.</summary>
    internal CompiledSchema? Else => otherwise;

    public override bool Validate(JsonElement value, ValidationContext context)
    {
        var branch = Speculation.Count(_condition, value, context, stopAt: 1) == 1 ? then : otherwise;
        return branch is null || branch.Validate(value, context);
    }
}
