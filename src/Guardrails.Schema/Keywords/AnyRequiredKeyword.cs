using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>
/// <c>anyOf</c> whose branches only require members (the pack's probe: <c>anyOf: [{required: [httpGet]}, {required:
/// [tcpSocket]}, ...]</c>): every name found in one pass over the object, and a branch holds when all of its names are
/// there. The verdict and the failure are those of <see cref="AnyOfKeyword"/>; a value that is not an object passes every branch.
/// </summary>
internal sealed class AnyRequiredKeyword : SchemaKeyword
{
    private readonly MemberLookup _members;

    // For each branch, a bit for each of its names (by position in _members).
    private readonly int[] _branches;

    private AnyRequiredKeyword(MemberLookup members, string[][] branches)
    {
        _members = members;
        _branches = [.. branches.Select(names => names.Aggregate(0, (mask, name) => mask | 1 << Array.IndexOf(members.Names, name)))];
    }

    /// <summary>The keyword for <paramref name="schemas"/>, the branches of an <c>anyOf</c>, when each only requires members and one pass finds them all; null otherwise.</summary>
    public static AnyRequiredKeyword? Of(CompiledSchema[] schemas)
    {
        var branches = new string[schemas.Length][];
        for (var i = 0; i < schemas.Length; i++)
        {
            if (schemas[i].IsAcceptAll || schemas[i].IsRejectAll || schemas[i].Keywords is not [RequiredKeyword required])
            {
                return null;
            }

            branches[i] = required.Names;
        }

        var members = new MemberLookup([.. branches.SelectMany(names => names).Distinct(StringComparer.Ordinal)]);
        return members.CanFindAll ? new AnyRequiredKeyword(members, branches) : null;
    }

    public override bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var found = default(FoundMembers);
        var present = _members.FindAll(value, context, ref found);
        foreach (var branch in _branches)
        {
            if ((branch & present) == branch)
            {
                return true;
            }
        }

        return context.Fail(AnyOfKeyword.NoneMatchedMessage);
    }
}
