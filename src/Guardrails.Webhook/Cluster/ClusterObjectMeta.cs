namespace Guardrails.Webhook.Cluster;

/// <summary>The part of an object's <c>metadata</c> the caches read.</summary>
/// <param name="Name">The object's name.</param>
/// <param name="Namespace">Its namespace; null for a cluster-scoped object.</param>
/// <param name="ResourceVersion">The version a watch resumes from.</param>
/// <param name="Labels">Its labels.</param>
internal sealed record ClusterObjectMeta(string? Name, string? Namespace, string? ResourceVersion, IReadOnlyDictionary<string, string>? Labels);
