namespace Guardrails.Webhook.Cluster;

/// <summary>An object of the cluster as a cache reads it: only its metadata is common to every kind.</summary>
internal interface IClusterObject
{
    /// <summary>The object's metadata; null when the API server sent none.</summary>
    ClusterObjectMeta? Metadata { get; }
}
