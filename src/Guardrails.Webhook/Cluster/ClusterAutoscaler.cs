using System.Text.Json.Serialization;

namespace Guardrails.Webhook.Cluster;

/// <summary>An <c>autoscaling/v2</c> HorizontalPodAutoscaler as the autoscaler cache reads it.</summary>
internal sealed record ClusterAutoscaler(ClusterObjectMeta? Metadata, ClusterAutoscalerSpec? Spec) : IClusterObject
{
    /// <summary>Its name (the cache holds only objects that have one).</summary>
    [JsonIgnore]
    public string Name => Metadata?.Name ?? string.Empty;

    /// <summary>Its namespace.</summary>
    [JsonIgnore]
    public string Namespace => Metadata?.Namespace ?? string.Empty;
}

/// <summary>The part of an autoscaler's <c>spec</c> the engine judges with.</summary>
/// <param name="ScaleTargetRef">The workload it scales.</param>
/// <param name="MinReplicas">Its floor; the API server's default (1) when absent.</param>
internal sealed record ClusterAutoscalerSpec(ClusterScaleTarget? ScaleTargetRef, int? MinReplicas);

/// <summary>An autoscaler's <c>scaleTargetRef</c>.</summary>
internal sealed record ClusterScaleTarget(string? ApiVersion, string? Kind, string? Name);
