using System.Text.Json.Serialization;

namespace Guardrails.Engine.Policies;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PolicyDocument))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(Exemptions.ExemptionsDocument))]
[JsonSerializable(typeof(Exemptions.ExemptionSpec))]
internal sealed partial class PolicyJsonContext : JsonSerializerContext;
