using System.Text.Json.Serialization;
using Guardrails.Webhook.Cluster;

namespace Guardrails.Webhook.Autoscalers;

/// <summary>The JSON of HorizontalPodAutoscalers as the autoscaler cache reads them (lists, watch events), source-generated for Native AOT.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ClusterList<ClusterAutoscaler>))]
[JsonSerializable(typeof(ClusterAutoscaler))]
internal sealed partial class AutoscalerJsonContext : JsonSerializerContext;
