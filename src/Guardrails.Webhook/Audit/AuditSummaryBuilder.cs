using Guardrails.Engine.Format;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Hosts;

namespace Guardrails.Webhook.Audit;

/// <summary>Counts judged objects into an <see cref="AuditSummary"/>; holds counts, never objects. Not thread-safe: add from one thread.</summary>
/// <param name="ownerLabel">The owner label, or null for no per-owner counts.</param>
internal sealed class AuditSummaryBuilder(string? ownerLabel)
{
    private const string ClusterScope = "(cluster)";
    private const string NoOwner = "(none)";
    private readonly Dictionary<string, (int Objects, int Compliant)> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Objects, int Compliant)> _owners = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Policy, string Rule, PolicyAction Action), (int Objects, HashSet<string> Namespaces)> _rules = [];
    private readonly Dictionary<(string, string, ExemptionStatus, ExemptionSource, string?, string?, DateOnly?), int> _exemptions = [];
    private int _objects;
    private int _compliant;
    private int _denied;
    private int _warned;
    private int _errored;
    private int _reportedAtOwner;

    /// <summary>An object judged.</summary>
    public void Add(AuditedObject item)
    {
        _objects++;
        var compliant = item.Compliant ? 1 : 0;
        _compliant += compliant;
        switch (Verdict.Of(item.Result))
        {
            case Judgement.Denied:
                _denied++;
                break;
            case Judgement.Warned:
                _warned++;
                break;
            case Judgement.Refused or Judgement.NotJudged:
                _errored++;
                break;
        }

        var scope = item.Namespace ?? ClusterScope;
        Count(_namespaces, scope, compliant);
        if (ownerLabel is not null)
        {
            Count(_owners, item.OwnerLabel ?? NoOwner, compliant);
        }

        foreach (var rule in item.Result.Violations.Select(v => (v.PolicyId, v.RuleId, v.Action)).Distinct())
        {
            if (!_rules.TryGetValue(rule, out var count))
            {
                count = (0, new HashSet<string>(StringComparer.Ordinal));
            }

            count.Namespaces.Add(scope);
            _rules[rule] = (count.Objects + 1, count.Namespaces);
        }

        foreach (var use in item.Result.Exemptions.Select(e => (e.PolicyId, e.RuleId, e.Status, e.Source, e.Entry, e.Owner, e.Expires)).Distinct())
        {
            _exemptions[use] = _exemptions.GetValueOrDefault(use) + 1;
        }
    }

    /// <summary>An object not judged because its controller is.</summary>
    public void AddReportedAtOwner() => _reportedAtOwner++;

    /// <summary>A namespace audited, counted even when it holds nothing the policies match.</summary>
    public void AddScope(string? namespaceName) => _namespaces.TryAdd(namespaceName ?? ClusterScope, (0, 0));

    /// <summary>The counts of one namespace so far.</summary>
    public ComplianceCount NamespaceCount(string? namespaceName)
    {
        var name = namespaceName ?? ClusterScope;
        var (objects, compliant) = _namespaces.GetValueOrDefault(name);
        return new ComplianceCount(name, objects, compliant);
    }

    public AuditSummary Build() => new(
        _objects,
        _compliant,
        _denied,
        _warned,
        _errored,
        _reportedAtOwner,
        [.. _namespaces.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => new ComplianceCount(n.Key, n.Value.Objects, n.Value.Compliant))],
        [.. _owners.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => new ComplianceCount(n.Key, n.Value.Objects, n.Value.Compliant))],
        [.. _rules
            .Select(r => new RuleCount(r.Key.Policy, r.Key.Rule, r.Key.Action, r.Value.Objects, r.Value.Namespaces.Count))
            .OrderByDescending(r => r.Objects).ThenBy(r => r.PolicyId, StringComparer.Ordinal).ThenBy(r => r.RuleId, StringComparer.Ordinal)],
        [.. _exemptions
            .Select(e => new ExemptionCount(e.Key.Item1, e.Key.Item2, e.Key.Item3, e.Key.Item4, e.Key.Item5, e.Key.Item6, e.Key.Item7, e.Value))
            .OrderBy(e => e.Expires ?? DateOnly.MaxValue).ThenBy(e => e.PolicyId, StringComparer.Ordinal).ThenBy(e => e.RuleId, StringComparer.Ordinal).ThenBy(e => e.Entry, StringComparer.Ordinal)]);

    private static void Count(Dictionary<string, (int Objects, int Compliant)> counts, string key, int compliant)
    {
        var (objects, compliantSoFar) = counts.GetValueOrDefault(key);
        counts[key] = (objects + 1, compliantSoFar + compliant);
    }
}
