using k8s.Models;

namespace Guardrails.Webhook.Cluster;

/// <summary>One page of a list: its items, and its metadata (continue token, resourceVersion).</summary>
internal readonly record struct ClusterPage<T>(IList<T>? Items, V1ListMeta? Metadata);
