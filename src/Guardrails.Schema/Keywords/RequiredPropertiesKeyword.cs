using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>
/// <c>required</c> and <c>properties</c> of one schema object checked together, so that a name both required and
/// described (<c>required: [resources]</c> beside <c>properties: {resources: ...}</c>, the pack's commonest shape) is
/// looked up in the object once instead of twice. Failures and their order are those of <see cref="RequiredKeyword"/>
/// followed by <see cref="PropertiesKeyword"/>.
/// </summary>
internal sealed class RequiredPropertiesKeyword : SchemaKeyword
{
    /// <summary>How many required names the found members are kept for, without allocating.</summary>
    public const int MaxRequired = 8;

    private readonly string[] _required;
    private readonly byte[][] _requiredNames;
    private readonly int[] _requiredIds;
    private readonly (string Name, CompiledSchema Schema)[] _properties;
    private readonly byte[][] _propertyNames;
    private readonly int[] _propertyIds;

    // For each described property, the position of its name in `required`, or -1.
    private readonly int[] _requiredSlot;

    public RequiredPropertiesKeyword(string[] required, (string Name, CompiledSchema Schema)[] properties)
    {
        _required = required;
        _requiredNames = required.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        _requiredIds = required.Select(MemberNames.Id).ToArray();
        _properties = properties;
        _propertyNames = properties.Select(p => System.Text.Encoding.UTF8.GetBytes(p.Name)).ToArray();
        _propertyIds = properties.Select(p => MemberNames.Id(p.Name)).ToArray();
        _requiredSlot = properties.Select(p => Array.IndexOf(required, p.Name)).ToArray();
    }

    /// <summary>The names required, for the conjunction of schemas.</summary>
    internal string[] Required => _required;

    /// <summary>The members described, for the conjunction of schemas.</summary>
    internal (string Name, CompiledSchema Schema)[] Properties => _properties;

    /// <summary>Whether the two keywords can be one: both present, few enough names, and no value keyword between them.</summary>
    public static bool CanCombine(string[]? required, (string Name, CompiledSchema Schema)[]? properties, int valueKeywords) =>
        required is { Length: > 0 and <= MaxRequired } && properties is { Length: > 0 } && valueKeywords == 0;

    public override bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var found = default(FoundMembers);
        var present = 0;
        var valid = true;
        for (var i = 0; i < _required.Length; i++)
        {
            if (context.TryGetMember(value, _requiredIds[i], _requiredNames[i], out found[i]))
            {
                present |= 1 << i;
                continue;
            }

            valid = context.FailAtChild(_required[i], RequiredKeyword.MissingMessage);
            if (context.StopAtFirstFailure)
            {
                return false;
            }
        }

        for (var i = 0; i < _properties.Length; i++)
        {
            var slot = _requiredSlot[i];
            JsonElement child;
            if (slot >= 0)
            {
                if ((present & (1 << slot)) == 0)
                {
                    continue;
                }

                child = found[slot];
            }
            else if (!context.TryGetMember(value, _propertyIds[i], _propertyNames[i], out child))
            {
                continue;
            }

            var (name, schema) = _properties[i];
            if (!PropertiesKeyword.ValidateMember(name, schema, child, context))
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

    [InlineArray(MaxRequired)]
    private struct FoundMembers
    {
        private JsonElement _first;
    }
}
