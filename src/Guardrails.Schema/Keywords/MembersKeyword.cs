using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>additionalProperties, patternProperties and propertyNames: the keywords that look at every member.</summary>
internal sealed class MembersKeyword(
    HashSet<string> declared,
    (PolicyRegex Pattern, CompiledSchema Schema)[] patternProperties,
    CompiledSchema? additional,
    CompiledSchema? propertyNames) : SchemaKeyword
{
    public override bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var valid = true;
        foreach (var member in value.EnumerateObject())
        {
            context.Step();
            context.Push(member.Name);
            var memberValid = ValidateMember(member, context);
            context.Pop();
            if (!memberValid)
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

    private bool ValidateMember(JsonProperty member, ValidationContext context)
    {
        if (propertyNames is not null)
        {
            using var name = JsonDocument.Parse(JsonEncodedText.Encode(member.Name, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value is var encoded ? $"\"{encoded}\"" : string.Empty);
            context.BeginSpeculation();
            var nameValid = propertyNames.Validate(name.RootElement, context);
            context.EndSpeculation();
            if (!nameValid)
            {
                return context.Fail($"field name '{member.Name}' is not allowed");
            }
        }

        var matchedPattern = false;
        foreach (var (pattern, schema) in patternProperties)
        {
            if (Patterns.IsMatch(pattern, member.Name, context))
            {
                matchedPattern = true;
                if (!schema.Validate(member.Value, context))
                {
                    return false;
                }
            }
        }

        if (additional is null || matchedPattern || declared.Contains(member.Name))
        {
            return true;
        }

        return additional.IsRejectAll
            ? context.Fail("is not a known field")
            : additional.Validate(member.Value, context);
    }
}
