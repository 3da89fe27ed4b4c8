using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class RequiredKeyword : SchemaKeyword
{
    /// <summary>What a missing required member fails with.</summary>
    public const string MissingMessage = "is required but missing";

    private readonly string[] _names;
    private readonly MemberLookup _members;

    // For each required name, its position in _members.
    private readonly int[] _slots;

    public RequiredKeyword(string[] names)
    {
        _names = names;
        _members = new MemberLookup([.. names.Distinct(StringComparer.Ordinal)]);
        _slots = names.Select(name => Array.IndexOf(_members.Names, name)).ToArray();
    }

    /// <summary>The names required, for the conjunction of schemas.</summary>
    internal string[] Names => _names;

    public override bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        if (_members.CanFindAll)
        {
            var found = default(FoundMembers);
            return CheckFound(_names, _slots, _members.FindAll(value, context, ref found), context);
        }

        // More names than one pass keeps: each is looked up.
        var valid = true;
        for (var i = 0; i < _names.Length; i++)
        {
            if (!_members.TryGet(value, context, _slots[i], out _))
            {
                valid = context.FailAtChild(_names[i], MissingMessage);
                if (context.StopAtFirstFailure)
                {
                    return false;
                }
            }
        }

        return valid;
    }

    /// <summary>
    /// Fails each of <paramref name="names"/> whose bit is not in <paramref name="present"/> (at its position in
    /// <paramref name="slots"/>), as the members one pass of a <see cref="MemberLookup"/> found.
    /// </summary>
    internal static bool CheckFound(string[] names, int[] slots, int present, ValidationContext context)
    {
        var valid = true;
        for (var i = 0; i < names.Length; i++)
        {
            if ((present & (1 << slots[i])) == 0)
            {
                valid = context.FailAtChild(names[i], MissingMessage);
                if (context.StopAtFirstFailure)
                {
                    return false;
                }
            }
        }

        return valid;
    }
}
