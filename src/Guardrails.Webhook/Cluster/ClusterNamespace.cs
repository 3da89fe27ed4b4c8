using System.Text.Json.Serialization;

namespace Guardrails.Webhook.Cluster;

/// <summary>A <c>Namespace</c> as the namespace cache reads it: its name and labels.</summary>
internal sealed record ClusterNamespace(ClusterObjectMeta? Metadata) : IClusterObject
{
    /// <summary>Its name (the cache holds only objects that have one).</summary>
    [JsonIgnore]
    public string Name => Metadata?.Name ?? string.Empty;
}
