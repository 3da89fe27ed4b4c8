namespace Guardrails.Webhook.Cluster;

/// <summary>One page of a list, as the API server sends it: its items, and its metadata (continue token, resourceVersion).</summary>
/// <typeparam name="T">The kind listed.</typeparam>
internal sealed record ClusterList<T>(IReadOnlyList<T?>? Items, ClusterListMeta? Metadata)
    where T : class;

/// <summary>A list's <c>metadata</c>: where the next page starts, and the snapshot's resourceVersion.</summary>
internal sealed record ClusterListMeta(string? Continue, string? ResourceVersion);
