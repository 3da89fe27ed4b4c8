using System.Text.Json.Serialization;

namespace Guardrails.Webhook.Cluster;

/// <summary>
/// The JSON of the few API objects the caches read (namespaces, HorizontalPodAutoscalers, and the <c>Status</c> of a
/// watch's <c>ERROR</c> event), source-generated for Native AOT. Only the members the records name are read; every other
/// member of the API server's objects is skipped.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ClusterList<ClusterNamespace>))]
[JsonSerializable(typeof(ClusterNamespace))]
[JsonSerializable(typeof(ClusterList<ClusterAutoscaler>))]
[JsonSerializable(typeof(ClusterAutoscaler))]
[JsonSerializable(typeof(ClusterStatus))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;
