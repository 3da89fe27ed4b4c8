using System.Collections.Concurrent;
using Guardrails.Engine.Hosts;
using Guardrails.Webhook.Cluster;
using Microsoft.Extensions.Logging;
using k8s;

namespace Guardrails.Webhook.Namespaces;

/// <summary>
/// Namespace labels from the cluster, kept by a <see cref="ClusterSync{T}"/> the way an informer keeps them (list, then
/// watch; renewed, re-listed after 410 Gone, backoff and jitter on errors). Ready once the first list has landed. While
/// the watch is broken the cache keeps serving the last known labels and <see cref="ClusterCache{T}.Description"/> says so. A namespace
/// missing from the cache (just created, the watch lagging) is read with a direct GET that waits at most
/// <see cref="ClusterCacheOptions.LookupTimeout"/>; when that fails the labels are unknown, with the reason, so that the
/// engine fails closed: a lookup error never reads as "no labels".
/// </summary>
/// <remarks>
/// RBAC: the webhook's service account needs <c>get</c>, <c>list</c> and <c>watch</c> on <c>namespaces</c> (core API
/// group, cluster-scoped, so a ClusterRole and a ClusterRoleBinding).
/// </remarks>
internal sealed partial class ClusterNamespaceLabels : ClusterCache<ClusterNamespace>, INamespaceLabelSource
{
    private static readonly ClusterResource<ClusterNamespace> Resource = new(
        "namespaces",
        "Namespace cache",
        "labels",
        "api/v1/namespaces",
        ClusterJsonContext.Default.ClusterListClusterNamespace,
        ClusterJsonContext.Default.ClusterNamespace);

    private readonly ILogger _logger;
    private volatile ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _namespaces = new(StringComparer.Ordinal);

    /// <param name="configuration">Where the API server is and how to authenticate (see <see cref="ClusterConnection"/>).</param>
    /// <param name="logger">Where problems go, once each.</param>
    /// <param name="options">Timings; the defaults suit a real cluster.</param>
    /// <param name="timeProvider">The clock of backoff delays and of the "since" in <see cref="ClusterCache{T}.Description"/>.</param>
    public ClusterNamespaceLabels(KubernetesClientConfiguration configuration, ILogger logger, ClusterCacheOptions? options = null, TimeProvider? timeProvider = null)
        : base(configuration, Resource, logger, options, timeProvider)
    {
        _logger = logger;
    }

    public override int Count => _namespaces.Count;

    public NamespaceLabelLookup Lookup(string namespaceName)
    {
        if (!IsReady)
        {
            return NamespaceLabelLookup.Unknown("the namespace cache has not synced yet");
        }

        return _namespaces.TryGetValue(namespaceName, out var labels) ? NamespaceLabelLookup.Known(labels) : Fetch(namespaceName);
    }

    public override void Replace(IReadOnlyList<ClusterNamespace> items)
    {
        var listed = new ConcurrentDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            listed[item.Name] = LabelsOf(item, item.Name);
        }

        _namespaces = listed;
    }

    public override void Upsert(ClusterNamespace item) => _namespaces[item.Name] = LabelsOf(item, item.Name);

    public override void Remove(ClusterNamespace item) => _namespaces.TryRemove(item.Name, out _);

    /// <summary>The labels of a namespace as the engine sees them: the API server's, with the name label always present.</summary>
    private static Dictionary<string, string> LabelsOf(ClusterNamespace item, string name)
    {
        var labels = item.Metadata?.Labels is { } given
            ? new Dictionary<string, string>(given, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

        // API servers set this label since 1.21; older ones do not, and selectors on it must still match.
        labels.TryAdd(NamespaceLabelDefaults.NameLabel, name);
        return labels;
    }
}
