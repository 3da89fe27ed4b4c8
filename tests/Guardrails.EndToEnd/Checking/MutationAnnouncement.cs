using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guardrails.EndToEnd.Checking;

/// <summary>
/// Whether admission warnings announce a mutation: every applied patch is to be told to the user as a warning that
/// names the rule's tag, the field's JSON pointer and the value set. Asserted on those parts, not on the wording: for each
/// operation of the violation's patch, the warnings with its tag that name the operation's path (or a field below it,
/// where the API server's defaults made the webhook patch deeper) must together show every value the operation sets.
/// </summary>
internal static class MutationAnnouncement
{
    /// <summary>The warnings that announce <paramref name="violation"/>'s patch; empty, with the reason, when it is not announced.</summary>
    public static (IReadOnlyList<ClusterFinding> Warnings, string? Missing) Find(CheckViolation violation, IEnumerable<ClusterFinding> warnings)
    {
        var tagged = warnings.Where(w => w.Tag == violation.Tag).ToList();
        var used = new List<ClusterFinding>();
        foreach (var op in violation.Patch)
        {
            var path = op["path"]!.GetValue<string>();
            var naming = tagged.Where(w => w.Text.Contains(path, StringComparison.Ordinal)).ToList();
            if (naming.Count == 0)
            {
                return ([], $"no warning tagged [{violation.Tag}] names {path}");
            }

            var text = string.Join('\n', naming.Select(w => w.Text));
            var missing = Leaves(op["value"]).Where(value => !text.Contains(value, StringComparison.Ordinal)).ToList();
            if (missing.Count > 0)
            {
                return ([], $"the warnings tagged [{violation.Tag}] that name {path} do not show the value{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}");
            }

            used.AddRange(naming.Where(w => !used.Contains(w)));
        }

        return (used, null);
    }

    /// <summary>The scalar values an operation sets, as a warning would print them (strings without quotes).</summary>
    private static IEnumerable<string> Leaves(JsonNode? value) => value switch
    {
        JsonObject obj => obj.SelectMany(p => Leaves(p.Value)),
        JsonArray array => array.SelectMany(Leaves),
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => [scalar.GetValue<string>()],
        null => ["null"],
        _ => [value.ToJsonString()],
    };
}
