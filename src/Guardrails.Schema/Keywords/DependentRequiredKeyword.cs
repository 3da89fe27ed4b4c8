using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class DependentRequiredKeyword((string Name, string[] Requires)[] dependencies) : SchemaKeyword
{
    public override bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        foreach (var (name, requires) in dependencies)
        {
            if (!value.TryGetProperty(name, out _))
            {
                continue;
            }

            foreach (var required in requires)
            {
                if (!value.TryGetProperty(required, out _))
                {
                    return context.FailAtChild(required, $"'{required}' is required when '{name}' is set");
                }
            }
        }

        return true;
    }
}
