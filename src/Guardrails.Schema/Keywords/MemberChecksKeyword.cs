using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>
/// The member keywords of a conjunction of schemas in one: its <c>required</c> and <c>properties</c>, and each
/// <c>if</c>/<c>then</c>/<c>else</c> whose three schemas only require and describe members (the credential rule's
/// condition on an <c>env</c> item), with each member name looked up once in the object however many of them name it.
/// The verdict is that of the keywords it replaces; the first failure may differ, as the conjunction's may.
/// </summary>
internal sealed class MemberChecksKeyword : SchemaKeyword
{
    /// <summary>How many member names the found members are kept for, without allocating.</summary>
    public const int MaxNames = 8;

    private readonly string[] _names;
    private readonly byte[][] _utf8Names;
    private readonly int[] _nameIds;
    private readonly MemberClauses _clauses;
    private readonly (MemberClauses Condition, MemberClauses Then, MemberClauses Else)[] _conditionals;

    public MemberChecksKeyword(string[] names, MemberClauses clauses, (MemberClauses Condition, MemberClauses Then, MemberClauses Else)[] conditionals)
    {
        _names = names;
        _utf8Names = names.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        _nameIds = names.Select(MemberNames.Id).ToArray();
        _clauses = clauses;
        _conditionals = conditionals;
    }

    public override bool Validate(JsonElement value, ValidationContext context)
    {
        var isObject = value.ValueKind == JsonValueKind.Object;
        var found = default(FoundMembers);
        var present = isObject ? Find(value, context, ref found) : 0;

        if (!Holds(_clauses, isObject, ref found, present, context))
        {
            return false;
        }

        var valid = true;
        foreach (var (condition, then, otherwise) in _conditionals)
        {
            context.BeginSpeculation();
            bool met;
            try
            {
                met = Holds(condition, isObject, ref found, present, context);
            }
            finally
            {
                context.EndSpeculation();
            }

            if (!Holds(met ? then : otherwise, isObject, ref found, present, context))
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

    // A bit for each name found. Below the root (where the rules share a memo), one pass over the object's members
    // serves every name: a lookup would pass over them once per name. A repeated member keeps its last value, as a
    // lookup finds it.
    private int Find(JsonElement value, ValidationContext context, ref FoundMembers found)
    {
        if (context.AtRoot)
        {
            return LookUp(value, context, ref found);
        }

        var present = 0;
        foreach (var member in value.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(member);
            var matched = false;
            for (var i = 0; i < _utf8Names.Length; i++)
            {
                if (name.SequenceEqual(_utf8Names[i]))
                {
                    found[i] = member.Value;
                    present |= 1 << i;
                    matched = true;
                    break;
                }
            }

            if (!matched && name.IndexOf((byte)'\\') >= 0)
            {
                // An escaped name may spell one of ours: the document compares it unescaped.
                found = default;
                return LookUp(value, context, ref found);
            }
        }

        return present;
    }

    private int LookUp(JsonElement value, ValidationContext context, ref FoundMembers found)
    {
        var present = 0;
        for (var i = 0; i < _names.Length; i++)
        {
            if (context.TryGetMember(value, _nameIds[i], _utf8Names[i], out found[i]))
            {
                present |= 1 << i;
            }
        }

        return present;
    }

    // Required and described members ask nothing of a value that is not an object.
    private bool Holds(MemberClauses clauses, bool isObject, ref FoundMembers found, int present, ValidationContext context)
    {
        if (clauses.Constant is { } constant)
        {
            return constant || context.Fail("no value is allowed here");
        }

        if (!isObject)
        {
            return true;
        }

        var valid = true;
        foreach (var name in clauses.Required)
        {
            if ((present & (1 << name)) == 0)
            {
                valid = context.FailAtChild(_names[name], RequiredKeyword.MissingMessage);
                if (context.StopAtFirstFailure)
                {
                    return false;
                }
            }
        }

        foreach (var (name, schema) in clauses.Properties)
        {
            if ((present & (1 << name)) != 0 && !PropertiesKeyword.ValidateMember(_names[name], schema, found[name], context))
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

    [InlineArray(MaxNames)]
    private struct FoundMembers
    {
        private JsonElement _first;
    }
}
