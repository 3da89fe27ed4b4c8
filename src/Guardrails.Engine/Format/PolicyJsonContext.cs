using System.Text.Json.Serialization;

namespace Guardrails.Engine.Format;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PolicyDocument))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(ExemptionsDocument))]
[JsonSerializable(typeof(ExemptionSpec))]
internal sealed partial class PolicyJsonContext : JsonSerializerContext;
