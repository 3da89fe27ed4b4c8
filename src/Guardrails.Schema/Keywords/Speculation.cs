using System.Text.Json;

namespace Guardrails.Schema.Keywords;

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
