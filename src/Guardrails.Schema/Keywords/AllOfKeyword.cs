using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class AllOfKeyword(CompiledSchema[] schemas) : SchemaKeyword
{
    /// <summary>The schemas, for the conjunction of schemas.</summary>
    internal CompiledSchema[] Schemas => schemas;

    public override bool Validate(JsonElement value, ValidationContext context)
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
