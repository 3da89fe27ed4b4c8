using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class RequiredKeyword(string[] names) : SchemaKeyword
{
    /// <summary>What a missing required member fails with.</summary>
    public const string MissingMessage = "is required but missing";

    /// <summary>The names required, for the conjunction of schemas.</summary>
    internal string[] Names => names;

    private readonly byte[][] _utf8Names = names.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
    private readonly int[] _nameIds = names.Select(MemberNames.Id).ToArray();

    public override bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var valid = true;
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            if (!context.TryGetMember(value, _nameIds[i], _utf8Names[i], out _))
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
