using System.Collections.Concurrent;
using Guardrails.Engine.Autoscaling;
using Guardrails.Webhook.Cluster;
using k8s;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Autoscalers;

/// <summary>
/// The cluster's HorizontalPodAutoscalers, in every namespace, kept by a <see cref="ClusterSync{T}"/> as the namespace
/// labels are (list, then watch; renewed, re-listed after 410 Gone, backoff and jitter on errors), as their facts only.
/// Listed as <c>autoscaling/v2</c>, which serves every autoscaler whichever version created it. Ready once the first list
/// has landed; while the watch is broken the last known autoscalers are served and <see cref="ClusterCache{T}.Description"/> says so;
/// before the first list they are unknown, and a workload is then judged on its own replica count. There is no direct
/// read on a miss: a workload without an autoscaler is the common case, and an autoscaler created an instant before its
/// workload may not have reached the cache yet (its own admission judged it).
/// </summary>
/// <remarks>
/// RBAC: the webhook's service account needs <c>list</c> and <c>watch</c> on <c>horizontalpodautoscalers</c> (API group
/// <c>autoscaling</c>, in every namespace, so a ClusterRole and a ClusterRoleBinding).
/// </remarks>
internal sealed class ClusterAutoscalers : ClusterCache<ClusterAutoscaler>, IAutoscalerSource
{
    private static readonly ClusterResource<ClusterAutoscaler> Resource = new(
        "horizontalpodautoscalers",
        "Autoscaler cache",
        "autoscalers",
        "apis/autoscaling/v2/horizontalpodautoscalers",
        ClusterJsonContext.Default.ClusterListClusterAutoscaler,
        ClusterJsonContext.Default.ClusterAutoscaler);

    // By namespace, then by name; each namespace's list is replaced whole, never changed, so readers need no lock.
    private volatile ConcurrentDictionary<string, Autoscaler[]> _byNamespace = new(StringComparer.Ordinal);

    /// <param name="configuration">Where the API server is and how to authenticate.</param>
    /// <param name="logger">Where problems go, once each.</param>
    /// <param name="options">Timings; the defaults suit a real cluster.</param>
    /// <param name="timeProvider">The clock of backoff delays and of the "since" in <see cref="ClusterCache{T}.Description"/>.</param>
    public ClusterAutoscalers(KubernetesClientConfiguration configuration, ILogger logger, ClusterCacheOptions? options = null, TimeProvider? timeProvider = null)
        : base(configuration, Resource, logger, options, timeProvider)
    {
    }

    public override int Count => _byNamespace.Values.Sum(list => list.Length);

    public AutoscalerLookup Lookup(string namespaceName)
    {
        if (!IsReady)
        {
            return AutoscalerLookup.Unknown("the autoscaler cache has not synced yet");
        }

        return AutoscalerLookup.Known(_byNamespace.TryGetValue(namespaceName, out var list) ? list : []);
    }

    public override void Replace(IReadOnlyList<ClusterAutoscaler> items)
    {
        var listed = new ConcurrentDictionary<string, Autoscaler[]>(StringComparer.Ordinal);
        foreach (var group in items.Select(FactsOf).OfType<Autoscaler>().GroupBy(a => a.Namespace, StringComparer.Ordinal))
        {
            listed[group.Key] = [.. group];
        }

        _byNamespace = listed;
    }

    public override void Upsert(ClusterAutoscaler item)
    {
        var facts = FactsOf(item);
        var namespaceName = item.Namespace;
        var others = Without(namespaceName, item.Name);
        Set(namespaceName, facts is null ? others : [.. others, facts]);
    }

    public override void Remove(ClusterAutoscaler item)
    {
        var namespaceName = item.Namespace;
        Set(namespaceName, Without(namespaceName, item.Name));
    }

    private Autoscaler[] Without(string namespaceName, string name) =>
        _byNamespace.TryGetValue(namespaceName, out var list) ? [.. list.Where(a => !string.Equals(a.Name, name, StringComparison.Ordinal))] : [];

    private void Set(string namespaceName, Autoscaler[] list)
    {
        if (list.Length == 0)
        {
            _byNamespace.TryRemove(namespaceName, out _);
        }
        else
        {
            _byNamespace[namespaceName] = list;
        }
    }

    // The facts the engine judges with; an autoscaler the API server would not store (no target) has none.
    private static Autoscaler? FactsOf(ClusterAutoscaler item) =>
        item.Spec?.ScaleTargetRef is { Kind: { Length: > 0 } kind, Name: { Length: > 0 } name } target
            ? new Autoscaler(item.Namespace, item.Name, target.ApiVersion ?? string.Empty, kind, name, item.Spec.MinReplicas)
            : null;
}
