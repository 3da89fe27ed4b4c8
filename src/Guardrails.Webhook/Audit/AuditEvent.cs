using Guardrails.Engine.Autoscaling;

namespace Guardrails.Webhook.Audit;

/// <summary>What a <see cref="ClusterAuditReader"/> reads, in order: for each scope (the cluster-scoped kinds, then each namespace) its start, its pages, its end.</summary>
internal abstract record AuditEvent;

/// <summary>
/// A scope begins: a namespace with its labels (as stored, <c>kubernetes.io/metadata.name</c> included) and the facts of its
/// HorizontalPodAutoscalers, or the cluster-scoped kinds when <paramref name="Namespace"/> is null.
/// </summary>
internal sealed record ScopeStarted(string? Namespace, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<Autoscaler> Autoscalers) : AuditEvent;

/// <summary>A page of objects of <paramref name="Resource"/> in the current scope; the reader disposes it once the next event is asked for.</summary>
internal sealed record PageRead(AuditResource Resource, ClusterObjectPage Page) : AuditEvent;

/// <summary>The current scope has no more pages.</summary>
internal sealed record ScopeEnded(string? Namespace) : AuditEvent;
