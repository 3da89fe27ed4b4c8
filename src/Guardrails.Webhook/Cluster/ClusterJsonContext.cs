using System.Text.Json.Serialization;

namespace Guardrails.Webhook.Cluster;

/// <summary>
/// The JSON of what every cache reads besides its own kind (the <c>Status</c> of a watch's <c>ERROR</c> event),
/// source-generated for Native AOT. Each cache's kind has its context beside it (<c>NamespaceJsonContext</c>,
/// <c>AutoscalerJsonContext</c>): only the members the records name are read, every other member is skipped.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ClusterStatus))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;
