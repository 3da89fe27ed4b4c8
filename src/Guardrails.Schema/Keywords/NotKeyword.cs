using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class NotKeyword(CompiledSchema schema) : SchemaKeyword
{
    /// <summary>The schema a value must not satisfy, for the conjunction of schemas.</summary>
    internal CompiledSchema Schema => schema;

    public override bool Validate(JsonElement value, ValidationContext context)
    {
        bool matched;
        context.BeginSpeculation();
        try
        {
            matched = schema.Validate(value, context);
        }
        finally
        {
            context.EndSpeculation();
        }

        return !matched || context.Fail("has a value that is not allowed");
    }
}
