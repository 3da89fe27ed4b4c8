using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Checking;

/// <summary>
/// CI/cluster parity in one place: what <c>guardrails check</c> found in a manifest against what the API server answered
/// when the same manifest was written through the chart's webhooks.
/// <list type="bullet">
/// <item>Validating webhook only: the same decision, the same deny findings (from the denial) and the same warn findings
/// (from the warnings), compared as [policy/rule] + message multisets.</item>
/// <item>Both webhooks: the same, once the findings the mutating webhook fixes (<see cref="IsPatched"/>) are removed;
/// each of those must instead be announced by a warning (<see cref="MutationAnnouncement"/>).</item>
/// </list>
/// </summary>
internal static class FindingComparison
{
    /// <summary>
    /// The one rule for which of check's findings the mutating webhook fixes: the JSON report's <c>fixedInCluster</c>,
    /// except a fix made only on an apply (<c>onlyWhenApplied</c>): the corpus writes by plain create and update.
    /// </summary>
    public static bool IsPatched(CheckViolation violation) => violation.FixedInCluster && !violation.OnlyWhenApplied;

    /// <summary>The deny and warn findings the cluster must show for <paramref name="check"/>'s object.</summary>
    public static IReadOnlyList<CheckViolation> Expected(WebhookMode mode, CheckObject check, Func<CheckViolation, bool>? scope = null) =>
        [.. check.Violations.Where(scope ?? (_ => true)).Where(v => v.Action is "deny" or "warn").Where(v => mode == WebhookMode.ValidatingOnly || !IsPatched(v))];

    /// <summary>Every difference between check and the cluster; empty when they agree.</summary>
    public static IReadOnlyList<string> Differences(WebhookMode mode, CheckObject check, ClusterOutcome cluster, Func<CheckViolation, bool>? scope = null)
    {
        var problems = new List<string>();
        if (check.Errors.Count > 0)
        {
            problems.Add("guardrails check could not judge the object");
            return problems;
        }

        if (cluster.Invalid)
        {
            problems.Add("the API server refused the object as invalid (422), so no verdict can be compared");
            return problems;
        }

        var expected = Expected(mode, check, scope);
        var denied = expected.Any(v => v.Action == "deny");
        if (denied != cluster.DeniedByGuardrails || (!denied && !cluster.Admitted))
        {
            problems.Add(denied ? "check denies the object; the cluster did not deny it with the guardrails denial" : "check admits the object; the cluster did not");
        }

        var denials = cluster.Denial is { } denial ? ClusterFinding.Denials(denial).ToList() : [];
        foreach (var violation in expected.Where(v => v.Action == "deny"))
        {
            var shown = denials.FirstOrDefault(d => d.Shows(violation.Tag, violation.Message));
            if (shown is null)
            {
                problems.Add($"deny [{violation.Tag}] {violation.Message}: not in the cluster's denial");
            }
            else
            {
                denials.Remove(shown);
            }
        }

        problems.AddRange(denials.Select(d => $"the cluster's denial has [{d.Tag}] {d.Text}, which check does not report"));

        var fromGuardrails = cluster.Warnings.Where(ClusterFinding.FromGuardrails).ToList();
        var warnings = fromGuardrails.Select(ClusterFinding.Warning).ToList();
        problems.AddRange(fromGuardrails.Where((_, i) => warnings[i] is null).Select(w => $"the cluster warned \"{w}\", which names no finding"));
        var unclaimed = warnings.OfType<ClusterFinding>().ToList();
        foreach (var violation in expected.Where(v => v.Action == "warn"))
        {
            var shown = unclaimed.FirstOrDefault(w => w.Shows(violation.Tag, violation.Message));
            if (shown is null)
            {
                problems.Add($"warn [{violation.Tag}] {violation.Message}: no such warning from the cluster");
            }
            else
            {
                unclaimed.Remove(shown);
            }
        }

        foreach (var use in check.Exemptions.Where(e => e.Status != "applied"))
        {
            var shown = unclaimed.FirstOrDefault(w => w.Tag == use.Tag && w.Text.Contains("exemption", StringComparison.Ordinal));
            if (shown is null)
            {
                problems.Add($"exemption {use.Status} for [{use.Tag}]: no such warning from the cluster");
            }
            else
            {
                unclaimed.Remove(shown);
            }
        }

        if (mode == WebhookMode.Both)
        {
            foreach (var violation in check.Violations.Where(scope ?? (_ => true)).Where(IsPatched))
            {
                var (announcing, missing) = MutationAnnouncement.Find(violation, unclaimed);
                if (missing is not null)
                {
                    problems.Add($"the mutation for [{violation.Tag}] is not announced: {missing}");
                }

                unclaimed.RemoveAll(announcing.Contains);
            }
        }

        problems.AddRange(unclaimed.Select(w => $"the cluster warned [{w.Tag}] {w.Text}, which check does not report"));
        return problems;
    }

    /// <summary>Both outputs, for a failure message.</summary>
    public static string Describe(IReadOnlyList<string> problems, CheckObject check, ClusterOutcome cluster) =>
        $"check and the cluster disagree:\n- {string.Join("\n- ", problems)}\n\n{check.Describe()}\n\n{cluster.Describe()}";
}
