using System.Text.Json.Serialization.Metadata;

namespace Guardrails.Webhook.Cluster;

/// <summary>A resource a <see cref="ClusterSync{T}"/> lists and watches, and how its messages name it.</summary>
/// <typeparam name="T">The kind.</typeparam>
/// <param name="Plural">The resource as messages name it: <c>namespaces</c> (<c>listing namespaces failed</c>).</param>
/// <param name="CacheName">The cache as logs name it: <c>Namespace cache</c>.</param>
/// <param name="Served">What the cache serves while its watch is broken: <c>labels</c> (<c>serving the last known labels</c>).</param>
/// <param name="Path">The collection's path for a list and a watch, across namespaces: <c>api/v1/namespaces</c>.</param>
/// <param name="List">How a page of the list is read.</param>
/// <param name="Item">How one object of a watch event is read.</param>
internal sealed record ClusterResource<T>(
    string Plural,
    string CacheName,
    string Served,
    string Path,
    JsonTypeInfo<ClusterList<T>> List,
    JsonTypeInfo<T> Item)
    where T : class, IClusterObject;
