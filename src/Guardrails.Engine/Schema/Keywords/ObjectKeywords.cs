using System.Text.Json;
using System.Text.RegularExpressions;

namespace Guardrails.Engine.Schema.Keywords;

internal sealed class PropertiesKeyword((string Name, CompiledSchema Schema)[] properties) : ISchemaKeyword
{
    // Looking members up by UTF-8 name spares a transcoding of the name on every check.
    private readonly byte[][] _utf8Names = properties.Select(p => System.Text.Encoding.UTF8.GetBytes(p.Name)).ToArray();

    public bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var valid = true;
        for (var i = 0; i < properties.Length; i++)
        {
            var (name, schema) = properties[i];
            if (!value.TryGetProperty(_utf8Names[i], out var child))
            {
                continue;
            }

            if (!ValidateMember(name, schema, child, context))
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

    /// <summary>Checks one member against its schema, with the member's name on the path.</summary>
    internal static bool ValidateMember(string name, CompiledSchema schema, JsonElement child, ValidationContext context)
    {
        context.Push(name);
        var valid = schema.Validate(child, context);
        context.Pop();
        return valid;
    }
}

internal sealed class RequiredKeyword(string[] names) : ISchemaKeyword
{
    /// <summary>What a missing required member fails with.</summary>
    public const string MissingMessage = "is required but missing";

    private readonly byte[][] _utf8Names = names.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();

    public bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var valid = true;
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            if (!value.TryGetProperty(_utf8Names[i], out _))
            {
                valid = context.FailAtChild(name, MissingMessage);
                if (context.StopAtFirstFailure)
                {
                    return false;
                }
            }
        }

        return valid;
    }
}

/// <summary>additionalProperties, patternProperties and propertyNames: the keywords that look at every member.</summary>
internal sealed class MembersKeyword(
    HashSet<string> declared,
    (PolicyRegex Pattern, CompiledSchema Schema)[] patternProperties,
    CompiledSchema? additional,
    CompiledSchema? propertyNames) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context)
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

internal sealed class PropertyCountKeyword(int? minimum, int? maximum) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var count = 0;
        foreach (var _ in value.EnumerateObject())
        {
            context.Step();
            count++;
        }

        if (count < minimum)
        {
            return context.Fail($"must have at least {minimum} fields");
        }

        return count <= (maximum ?? int.MaxValue) || context.Fail($"must have at most {maximum} fields");
    }
}

internal sealed class DependentRequiredKeyword((string Name, string[] Requires)[] dependencies) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context)
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
