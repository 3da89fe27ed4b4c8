using Guardrails.Webhook.Audit;
using Guardrails.Webhook.Telemetry;

namespace Guardrails.Webhook.BackgroundAudit;

/// <summary>
/// Counts a pass into an <see cref="AuditMetricsSnapshot"/> with a bounded number of series: the first
/// <c>namespaceLimit</c> namespaces met (the API server lists them by name) keep their name, every later one is counted
/// under <c>(other)</c>, and the cluster-scoped objects under <c>(cluster)</c>. So a cluster of ten thousand namespaces
/// costs at most <c>(namespaceLimit + 2) x rules x actions</c> finding series and <c>namespaceLimit + 2</c> ratios.
/// </summary>
internal sealed class AuditMetricsBuilder(int namespaceLimit)
{
    /// <summary>The namespace attribute of the namespaces beyond the limit.</summary>
    public const string Other = "(other)";

    /// <summary>The namespace attribute of cluster-scoped objects.</summary>
    public const string Cluster = "(cluster)";

    private readonly HashSet<string> _named = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Policy, string Rule, string Action, string Namespace), long> _findings = [];

    /// <summary>Counts one page's verdicts.</summary>
    public void Add(IReadOnlyList<AuditedObject> objects)
    {
        foreach (var item in objects)
        {
            var scope = Bounded(item.Namespace);
            foreach (var (policy, rule, action) in item.Result.Violations.Select(v => (v.PolicyId, v.RuleId, v.Action)).Distinct())
            {
                var key = (policy, rule, action.ToString().ToLowerInvariant(), scope);
                _findings[key] = _findings.GetValueOrDefault(key) + 1;
            }
        }
    }

    /// <summary>
    /// The snapshot of the pass, its ratios from <paramref name="summary"/> (every namespace audited, empty ones too). A
    /// finding series of <paramref name="previous"/> that this pass no longer has is reported once more, as 0, and a
    /// namespace that is gone as 1 (it holds nothing to break a rule): the OpenTelemetry SDK may keep exporting the last
    /// value of a series an observable gauge stops reporting, and a fixed finding must not go on showing as open.
    /// </summary>
    public AuditMetricsSnapshot Build(AuditSummary summary, AuditMetricsSnapshot? previous = null)
    {
        var current = BuildCurrent(summary);
        if (previous is null)
        {
            return current;
        }

        var findings = current.Findings.Select(Key).ToHashSet();
        var namespaces = current.Compliance.Select(c => c.Namespace).ToHashSet(StringComparer.Ordinal);
        return new AuditMetricsSnapshot(
            [.. current.Findings, .. previous.Findings.Where(f => f.Objects > 0 && !findings.Contains(Key(f))).Select(f => f with { Objects = 0 })],
            [.. current.Compliance, .. previous.Compliance.Where(c => c.Ratio < 1 && !namespaces.Contains(c.Namespace)).Select(c => c with { Ratio = 1 })]);
    }

    private static (string, string, string, string) Key(FindingCount finding) => (finding.Policy, finding.Rule, finding.Action, finding.Namespace);

    private AuditMetricsSnapshot BuildCurrent(AuditSummary summary)
    {
        var compliance = new Dictionary<string, (long Objects, long Compliant)>(StringComparer.Ordinal);
        foreach (var count in summary.Namespaces)
        {
            var scope = count.Name == Cluster ? Cluster : Bounded(count.Name);
            var (objects, compliant) = compliance.GetValueOrDefault(scope);
            compliance[scope] = (objects + count.Objects, compliant + count.Compliant);
        }

        return new AuditMetricsSnapshot(
            [.. _findings.Select(f => new FindingCount(f.Key.Policy, f.Key.Rule, f.Key.Action, f.Key.Namespace, f.Value))
                .OrderBy(f => f.Namespace, StringComparer.Ordinal).ThenBy(f => f.Policy, StringComparer.Ordinal).ThenBy(f => f.Rule, StringComparer.Ordinal)],
            [.. compliance.OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new NamespaceCompliance(c.Key, c.Value.Objects == 0 ? 1 : (double)c.Value.Compliant / c.Value.Objects))]);
    }

    private string Bounded(string? namespaceName)
    {
        if (namespaceName is null)
        {
            return Cluster;
        }

        if (_named.Contains(namespaceName))
        {
            return namespaceName;
        }

        if (_named.Count < namespaceLimit)
        {
            _named.Add(namespaceName);
            return namespaceName;
        }

        return Other;
    }
}
