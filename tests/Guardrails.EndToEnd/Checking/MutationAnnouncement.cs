using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guardrails.EndToEnd.Checking;

/// <summary>
/// Whether admission warnings announce a mutation: every applied patch is to be told to the user as a warning that
/// names the rule's tag, the field and the value set. Asserted on those parts, not on the wording: for each field check
/// says the webhook sets (the report's <c>sets</c>), the warnings with the rule's tag that name the field (as kubectl
/// names it, or by its JSON pointer) must together show every value set there.
/// </summary>
internal static class MutationAnnouncement
{
    /// <summary>The warnings that announce <paramref name="violation"/>'s fix; empty, with the reason, when it is not announced.</summary>
    public static (IReadOnlyList<ClusterFinding> Warnings, string? Missing) Find(CheckViolation violation, IEnumerable<ClusterFinding> warnings)
    {
        var tagged = warnings.Where(w => w.Tag == violation.Tag).ToList();
        var used = new List<ClusterFinding>();
        foreach (var set in violation.Sets)
        {
            var pointer = set["pointer"]!.GetValue<string>();
            var field = set["field"]!.GetValue<string>();
            // A container's field is named with its container (several containers get the same field set).
            var name = violation.Container is { } container ? $"{field} of {violation.ContainerType} {container} " : field;
            var naming = tagged.Where(w => w.Text.Contains(name, StringComparison.Ordinal) || w.Text.Contains(pointer, StringComparison.Ordinal)).ToList();
            if (naming.Count == 0)
            {
                return ([], $"no warning tagged [{violation.Tag}] names {field} ({pointer})");
            }

            var text = string.Join('\n', naming.Select(w => w.Text));
            var missing = Leaves(set["value"]).Where(value => !text.Contains(value, StringComparison.Ordinal)).ToList();
            if (missing.Count > 0)
            {
                return ([], $"the warnings tagged [{violation.Tag}] that name {field} do not show the value{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}");
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
