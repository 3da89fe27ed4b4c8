using System.Text.Json;

namespace Guardrails.Engine.Schema.Keywords;

internal sealed class AllOfKeyword(CompiledSchema[] schemas) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context)
    {
        var valid = true;
        foreach (var schema in schemas)
        {
            if (!schema.Validate(value, context))
            {
                valid = false;
                if (context.StopAtFirstFailure)
                {
                    return false;
                }
            }
        }

        return valid;
    }
}

internal sealed class AnyOfKeyword(CompiledSchema[] schemas) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context) =>
        Speculation.Count(schemas, value, context, stopAt: 1) >= 1 || context.Fail("matches none of the allowed shapes");
}

internal sealed class OneOfKeyword(CompiledSchema[] schemas) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context) =>
        Speculation.Count(schemas, value, context, stopAt: 2) switch
        {
            1 => true,
            0 => context.Fail("matches none of the allowed shapes"),
            _ => context.Fail("matches more than one of the exclusive shapes"),
        };
}

internal sealed class NotKeyword(CompiledSchema schema) : ISchemaKeyword
{
    // One array for every evaluation: a collection expression here would allocate one per check.
    private readonly CompiledSchema[] _schema = [schema];

    public bool Validate(JsonElement value, ValidationContext context) =>
        Speculation.Count(_schema, value, context, stopAt: 1) == 0 || context.Fail("has a value that is not allowed");
}

/// <summary>if/then/else, enforced natively (NJsonSchema's validator ignores them).</summary>
internal sealed class ConditionalKeyword(CompiledSchema condition, CompiledSchema? then, CompiledSchema? otherwise) : ISchemaKeyword
{
    // One array for every evaluation: a collection expression here would allocate one per check.
    private readonly CompiledSchema[] _condition = [condition];

    public bool Validate(JsonElement value, ValidationContext context)
    {
        var branch = Speculation.Count(_condition, value, context, stopAt: 1) == 1 ? then : otherwise;
        return branch is null || branch.Validate(value, context);
    }
}

/// <summary>Runs schemas only to learn whether they match, recording nothing.</summary>
internal static class Speculation
{
    public static int Count(CompiledSchema[] schemas, JsonElement value, ValidationContext context, int stopAt)
    {
        var matches = 0;
        context.BeginSpeculation();
        try
        {
            foreach (var schema in schemas)
            {
                if (schema.Validate(value, context) && ++matches >= stopAt)
                {
                    break;
                }
            }
        }
        finally
        {
            context.EndSpeculation();
        }

        return matches;
    }
}

/// <summary>A local <c>$ref</c>; its target is set once compiled, so references may be recursive.</summary>
internal sealed class RefKeyword : ISchemaKeyword
{
    public CompiledSchema? Target { get; set; }

    public bool Validate(JsonElement value, ValidationContext context) => Target!.Validate(value, context);
}
