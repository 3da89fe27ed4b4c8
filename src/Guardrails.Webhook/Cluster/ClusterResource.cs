using k8s;
using k8s.Models;

namespace Guardrails.Webhook.Cluster;

/// <summary>A resource a <see cref="ClusterSync{T}"/> lists and watches, and how its messages name it.</summary>
/// <typeparam name="T">The kind.</typeparam>
/// <param name="Plural">The resource as messages name it: <c>namespaces</c> (<c>listing namespaces failed</c>).</param>
/// <param name="CacheName">The cache as logs name it: <c>Namespace cache</c>.</param>
/// <param name="Served">What the cache serves while its watch is broken: <c>labels</c> (<c>serving the last known labels</c>).</param>
/// <param name="WatchPath">The collection's path for a watch, across namespaces: <c>api/v1/namespaces</c>.</param>
/// <param name="ListPage">One page of the list: the client, the continue token (null for the first page), the page size.</param>
internal sealed record ClusterResource<T>(
    string Plural,
    string CacheName,
    string Served,
    string WatchPath,
    Func<Kubernetes, string?, int, CancellationToken, Task<ClusterPage<T>>> ListPage)
    where T : class, IMetadata<V1ObjectMeta>;
