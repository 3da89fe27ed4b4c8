using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class EnumKeyword(JsonElement[] allowed, string description) : SchemaKeyword
{
    public override bool Validate(JsonElement value, ValidationContext context)
    {
        foreach (var candidate in allowed)
        {
            if (JsonElement.DeepEquals(candidate, value))
            {
                return true;
            }
        }

        return context.Fail(description);
    }
}
