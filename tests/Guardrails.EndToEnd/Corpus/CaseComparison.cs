using Guardrails.EndToEnd.Checking;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Corpus;

/// <summary>
/// A fixture case's expectation against the cluster: the findings of the case's policies that the cluster showed (in the
/// denial and the warnings) are exactly the expected rules, and an expected deny finding means the guardrails denial.
/// With the mutating webhook, expected findings that it fixes (check marks them patched, same rule and pointer) are
/// expected to be gone, and the warnings announcing those fixes are not findings.
/// </summary>
internal static class CaseComparison
{
    public static IReadOnlyList<string> Differences(WebhookMode mode, FixtureCase fixture, CorpusItemResult item)
    {
        var outcome = item.Outcome;
        if (ApiRefusedDocuments.Reason(item.Document) is { } reason)
        {
            return outcome.Invalid && outcome.Message?.Contains(reason, StringComparison.Ordinal) == true
                ? []
                : [$"the API server was expected to refuse this fixture itself (422: {reason})"];
        }

        if (fixture.Operation == "DELETE")
        {
            return outcome.Admitted ? [] : ["the DELETE was refused"];
        }

        if (outcome.Invalid)
        {
            return ["the API server refused the object as invalid (422)"];
        }

        var patched = mode == WebhookMode.Both ? item.Check.Violations.Where(FindingComparison.IsPatched).ToList() : [];
        var expected = fixture.Expect
            .Where(e => !patched.Any(v => v.Policy == e.Policy && v.Rule == e.Rule && v.Pointer == e.Pointer))
            .Select(e => e.Tag).Order(StringComparer.Ordinal).ToList();

        var warnings = outcome.Warnings.Where(ClusterFinding.FromGuardrails).Select(ClusterFinding.Warning).OfType<ClusterFinding>().ToList();
        foreach (var violation in patched)
        {
            var (announcing, _) = MutationAnnouncement.Find(violation, warnings);
            warnings.RemoveAll(announcing.Contains);
        }

        var denials = outcome.Denial is { } denial ? ClusterFinding.Denials(denial) : [];
        var shown = denials.Concat(warnings).Where(f => fixture.Policies.Contains(f.Policy)).Select(f => f.Tag).Order(StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        if (!expected.SequenceEqual(shown))
        {
            problems.Add($"expected [{string.Join(", ", expected)}], the cluster showed [{string.Join(", ", shown)}]");
        }

        var deniedRules = item.Check.Violations.Where(v => v.Action == "deny").Select(v => v.Tag).ToHashSet(StringComparer.Ordinal);
        if (expected.Any(deniedRules.Contains) && !outcome.DeniedByGuardrails)
        {
            problems.Add("a deny finding is expected, and the cluster did not answer with the guardrails denial");
        }

        return problems;
    }

    public static string Describe(FixtureCase fixture, CorpusItemResult item, IReadOnlyList<string> problems) =>
        $"{fixture.Id}: {fixture.Name} ({item.Document.Key}, {item.Document.Source}#{item.Document.Index}, written to namespace {item.Namespace} as {item.ItemFile}):\n- {string.Join("\n- ", problems)}\n"
        + $"expected: [{string.Join(", ", fixture.Expect.Select(e => $"{e.Tag} at {e.Pointer}"))}]\n\n{item.Check.Describe()}\n\n{item.Outcome.Describe()}";
}
