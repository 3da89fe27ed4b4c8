using System.Text.Json.Serialization;
using Guardrails.Webhook.Cluster;

namespace Guardrails.Webhook.Namespaces;

/// <summary>The JSON of namespaces as the namespace cache reads them (lists, gets, watch events), source-generated for Native AOT.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ClusterList<ClusterNamespace>))]
[JsonSerializable(typeof(ClusterNamespace))]
internal sealed partial class NamespaceJsonContext : JsonSerializerContext;
