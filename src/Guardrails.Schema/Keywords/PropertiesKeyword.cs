using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class PropertiesKeyword : SchemaKeyword
{
    private readonly (string Name, CompiledSchema Schema)[] _properties;
    private readonly MemberLookup _members;

    // For each described member, the position of its name in _members.
    private readonly int[] _slots;

    public PropertiesKeyword((string Name, CompiledSchema Schema)[] properties)
    {
        _properties = properties;
        _members = new MemberLookup([.. properties.Select(p => p.Name).Distinct(StringComparer.Ordinal)]);
        _slots = properties.Select(p => Array.IndexOf(_members.Names, p.Name)).ToArray();
    }

    /// <summary>The members described, for the conjunction of schemas.</summary>
    internal (string Name, CompiledSchema Schema)[] Properties => _properties;

    public override bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        if (_members.CanFindAll)
        {
            var found = default(FoundMembers);
            return ValidateFound(_properties, _slots, _members.FindAll(value, context, ref found), ref found, context);
        }

        // More names than one pass keeps: each is looked up.
        var valid = true;
        for (var i = 0; i < _properties.Length; i++)
        {
            if (_members.TryGet(value, context, _slots[i], out var child) && !ValidateMember(_properties[i].Name, _properties[i].Schema, child, context))
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

    /// <summary>
    /// Checks each of <paramref name="properties"/> whose bit is in <paramref name="present"/> (at its position in
    /// <paramref name="slots"/>) against its schema, as the members one pass of a <see cref="MemberLookup"/> found.
    /// </summary>
    internal static bool ValidateFound((string Name, CompiledSchema Schema)[] properties, int[] slots, int present, ref FoundMembers found, ValidationContext context)
    {
        var valid = true;
        for (var i = 0; i < properties.Length; i++)
        {
            var slot = slots[i];
            if ((present & (1 << slot)) != 0 && !ValidateMember(properties[i].Name, properties[i].Schema, found[slot], context))
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
