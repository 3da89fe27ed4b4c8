namespace Guardrails.Webhook.Audit;

/// <summary>What an audit reads.</summary>
/// <param name="Resources">The kinds to list (<see cref="AuditResources.For"/>).</param>
/// <param name="Namespace">One namespace only, or null for all (and the cluster-scoped kinds).</param>
/// <param name="LabelSelector">A label selector the objects listed must match (<c>app=web,tier!=cache</c>), or null.</param>
/// <param name="NeedsAutoscalers">Whether workloads are judged with the HorizontalPodAutoscalers that scale them.</param>
internal sealed record AuditScope(IReadOnlyList<AuditResource> Resources, string? Namespace, string? LabelSelector, bool NeedsAutoscalers);
