using System.Text.Json.Serialization;

namespace Guardrails.Cli.Testing;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(PolicyTestDocument))]
internal sealed partial class PolicyTestJsonContext : JsonSerializerContext;
