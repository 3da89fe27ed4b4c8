namespace Guardrails.Webhook.Cluster;

/// <summary>What a cache keeps of a watched resource; <see cref="ClusterSync{T}"/> calls it from its one loop, never concurrently.</summary>
/// <typeparam name="T">The kind.</typeparam>
internal interface IClusterStore<in T>
{
    /// <summary>How many objects the cache holds, for descriptions and logs.</summary>
    int Count { get; }

    /// <summary>Replaces everything with a fresh list (each item has a name).</summary>
    void Replace(IReadOnlyList<T> items);

    /// <summary>Adds or replaces one object (it has a name).</summary>
    void Upsert(T item);

    /// <summary>Removes one object (it has a name).</summary>
    void Remove(T item);
}
