using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Guardrails.Webhook.Telemetry;

/// <summary>
/// The webhook's one <see cref="Meter"/> and one <see cref="ActivitySource"/>. Every attribute is bounded: webhook
/// and decision are fixed sets, kinds outside the known set become <c>other</c>, policy and rule ids come from the
/// loaded policy set.
/// </summary>
internal sealed class WebhookTelemetry : IDisposable
{
    public const string Name = "Guardrails.Webhook";

    private static readonly HashSet<string> KnownKinds = new(StringComparer.Ordinal)
    {
        "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob", "PodTemplate",
        "Scale", "Namespace", "ConfigMap", "Secret", "Service",
    };

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _violations;
    private readonly Counter<long> _reloads;
    private readonly Counter<long> _removals;
    private readonly Counter<long> _tlsReloads;
    private readonly Counter<long> _auditPasses;

    public WebhookTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        _requests = _meter.CreateCounter<long>("guardrails.admission.requests", "{request}", "Admission reviews answered, by webhook, operation, kind and decision.");
        _duration = _meter.CreateHistogram<double>("guardrails.admission.duration", "s", "Time from request to answer, by webhook and decision.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _violations = _meter.CreateCounter<long>("guardrails.policy.violations", "{violation}", "Violations found by the validating webhook, by policy, rule and action.");
        _reloads = _meter.CreateCounter<long>("guardrails.policyset.reloads", "{reload}", "Policy set reloads, by result (success, failure, unchanged).");
        _removals = _meter.CreateCounter<long>("guardrails.policyset.removals", "{item}", "Policies, and rules of policies kept, that a reload took out of the set in force, by level (policy, rule).");
        _auditPasses = _meter.CreateCounter<long>("guardrails.audit.passes", "{pass}", "Background audit passes, by result (success, failure, abandoned when the lease was lost).");
        _tlsReloads = _meter.CreateCounter<long>("guardrails.tls.reloads", "{reload}", "Serving certificate reloads, by result (success, failure).");
    }

    public ActivitySource ActivitySource { get; } = new(Name);

    public void RecordRequest(string webhook, string operation, string kind, string decision, TimeSpan elapsed)
    {
        var boundedKind = KnownKinds.Contains(kind) ? kind : "other";
        _requests.Add(1, new("webhook", webhook), new("operation", operation), new("kind", boundedKind), new("decision", decision));
        _duration.Record(elapsed.TotalSeconds, new("webhook", webhook), new("decision", decision));
    }

    public void RecordViolation(string policy, string rule, string action) =>
        _violations.Add(1, new("policy", policy), new("rule", rule), new("action", action));

    public void RecordPolicyReload(string result) => _reloads.Add(1, new KeyValuePair<string, object?>("result", result));

    public void RecordPolicyRemoval(int policies, int rules)
    {
        if (policies > 0)
        {
            _removals.Add(policies, new KeyValuePair<string, object?>("level", "policy"));
        }

        if (rules > 0)
        {
            _removals.Add(rules, new KeyValuePair<string, object?>("level", "rule"));
        }
    }

    /// <summary>Reports the number of policies in force as <c>guardrails.policyset.policies</c>, nothing before the first load.</summary>
    public void ObservePolicyCount(Func<int?> count) =>
        _meter.CreateObservableGauge("guardrails.policyset.policies", () => count() is { } value ? [new Measurement<int>(value)] : Array.Empty<Measurement<int>>(), "{policy}", "Policies in the set in force.");

    /// <summary>
    /// Reports the last background audit pass: <c>guardrails.audit.findings</c> (objects with a finding, by policy, rule,
    /// action and namespace) and <c>guardrails.audit.compliance_ratio</c> (compliant share, by namespace); nothing before the first
    /// pass. Namespaces are bounded by the pass that builds the snapshot.
    /// </summary>
    public void ObserveAudit(Func<AuditMetricsSnapshot?> last)
    {
        _meter.CreateObservableGauge(
            "guardrails.audit.findings",
            () => last()?.Findings.Select(f => new Measurement<long>(f.Objects, new("policy", f.Policy), new("rule", f.Rule), new("action", f.Action), new("namespace", f.Namespace))) ?? [],
            "{object}",
            "Objects with a finding in the last background audit, by policy, rule, action and namespace.");
        _meter.CreateObservableGauge(
            "guardrails.audit.compliance_ratio",
            () => last()?.Compliance.Select(c => new Measurement<double>(c.Ratio, new KeyValuePair<string, object?>("namespace", c.Namespace))) ?? [],
            "1",
            "Share of objects with no finding in the last background audit, by namespace.");
    }

    public void RecordAuditPass(string result) => _auditPasses.Add(1, new KeyValuePair<string, object?>("result", result));

    public void RecordTlsReload(string result) => _tlsReloads.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Dispose()
    {
        ActivitySource.Dispose();
        _meter.Dispose();
    }
}
