namespace Guardrails.Webhook.Telemetry;

/// <summary>The figures of the last background audit pass, as the gauges report them until the next pass replaces them.</summary>
/// <param name="Findings">Objects with a finding, by policy, rule, action and (bounded) namespace.</param>
/// <param name="Compliance">Compliant objects as a share of all, by (bounded) namespace.</param>
internal sealed record AuditMetricsSnapshot(IReadOnlyList<FindingCount> Findings, IReadOnlyList<NamespaceCompliance> Compliance);

/// <summary><paramref name="Objects"/> objects in <paramref name="Namespace"/> break <paramref name="Policy"/>/<paramref name="Rule"/> at <paramref name="Action"/>.</summary>
internal sealed record FindingCount(string Policy, string Rule, string Action, string Namespace, long Objects);

/// <summary>The share of compliant objects in <paramref name="Namespace"/> (1 when it holds none).</summary>
internal sealed record NamespaceCompliance(string Namespace, double Ratio);
