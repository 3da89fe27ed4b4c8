using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>
/// <c>required</c> and <c>properties</c> of one schema object checked together, so that every name, required or
/// described (<c>required: [resources]</c> beside <c>properties: {resources: ...}</c>, the pack's commonest shape), is
/// found in one pass over the object. Failures and their order are those of <see cref="RequiredKeyword"/> followed by
/// <see cref="PropertiesKeyword"/>.
/// </summary>
internal sealed class RequiredPropertiesKeyword : SchemaKeyword
{
    /// <summary>How many required names the keyword takes.</summary>
    public const int MaxRequired = 8;

    private readonly string[] _required;
    private readonly (string Name, CompiledSchema Schema)[] _properties;
    private readonly MemberLookup _members;

    // For each required name and each described member, the position of its name in _members.
    private readonly int[] _requiredSlots;
    private readonly int[] _propertySlots;

    public RequiredPropertiesKeyword(string[] required, (string Name, CompiledSchema Schema)[] properties)
    {
        _required = required;
        _properties = properties;
        _members = new MemberLookup(Names(required, properties));
        _requiredSlots = required.Select(name => Array.IndexOf(_members.Names, name)).ToArray();
        _propertySlots = properties.Select(p => Array.IndexOf(_members.Names, p.Name)).ToArray();
    }

    /// <summary>The names required, for the conjunction of schemas.</summary>
    internal string[] Required => _required;

    /// <summary>The members described, for the conjunction of schemas.</summary>
    internal (string Name, CompiledSchema Schema)[] Properties => _properties;

    /// <summary>
    /// Whether the two keywords can be one: both present, few enough names to find in one pass, and no value keyword
    /// between them.
    /// </summary>
    public static bool CanCombine(string[]? required, (string Name, CompiledSchema Schema)[]? properties, int valueKeywords) =>
        required is { Length: > 0 and <= MaxRequired } && properties is { Length: > 0 } && valueKeywords == 0
        && Names(required, properties).Length <= FoundMembers.Length;

    public override bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var found = default(FoundMembers);
        var present = _members.FindAll(value, context, ref found);
        var valid = RequiredKeyword.CheckFound(_required, _requiredSlots, present, context);
        if (!valid && context.StopAtFirstFailure)
        {
            return false;
        }

        // The described members are checked even after a missing one when every failure is collected.
        return PropertiesKeyword.ValidateFound(_properties, _propertySlots, present, ref found, context) && valid;
    }

    private static string[] Names(string[] required, (string Name, CompiledSchema Schema)[] properties) =>
        [.. required.Concat(properties.Select(p => p.Name)).Distinct(StringComparer.Ordinal)];
}
