using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>
/// The member keywords of a conjunction of schemas in one: its <c>required</c> and <c>properties</c>, and each
/// <c>if</c>/<c>then</c>/<c>else</c> whose three schemas only require and describe members (the credential rule's
/// condition on an <c>env</c> item), with the members of every name found in one pass over the object however many of them name it.
/// The verdict is that of the keywords it replaces; the first failure may differ, as the conjunction's may.
/// </summary>
internal sealed class MemberChecksKeyword : SchemaKeyword
{
    /// <summary>How many member names it checks at most.</summary>
    public const int MaxNames = 8;

    private readonly string[] _names;
    private readonly MemberLookup _members;
    private readonly MemberClauses _clauses;
    private readonly (MemberClauses Condition, MemberClauses Then, MemberClauses Else)[] _conditionals;

    public MemberChecksKeyword(string[] names, MemberClauses clauses, (MemberClauses Condition, MemberClauses Then, MemberClauses Else)[] conditionals)
    {
        _names = names;
        _members = new MemberLookup(names);
        _clauses = clauses;
        _conditionals = conditionals;
    }

    public override bool Validate(JsonElement value, ValidationContext context)
    {
        var isObject = value.ValueKind == JsonValueKind.Object;
        var found = default(FoundMembers);
        var present = isObject ? _members.FindAll(value, context, ref found) : 0;

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
}
