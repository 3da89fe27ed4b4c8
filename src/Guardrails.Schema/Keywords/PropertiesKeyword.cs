using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class PropertiesKeyword((string Name, CompiledSchema Schema)[] properties) : SchemaKeyword
{
    /// <summary>The members described, for the conjunction of schemas.</summary>
    internal (string Name, CompiledSchema Schema)[] Properties => properties;

    // Looking members up by UTF-8 name spares a transcoding of the name on every check.
    private readonly byte[][] _utf8Names = properties.Select(p => System.Text.Encoding.UTF8.GetBytes(p.Name)).ToArray();
    private readonly int[] _nameIds = properties.Select(p => MemberNames.Id(p.Name)).ToArray();

    public override bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var valid = true;
        for (var i = 0; i < properties.Length; i++)
        {
            var (name, schema) = properties[i];
            if (!context.TryGetMember(value, _nameIds[i], _utf8Names[i], out var child))
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
