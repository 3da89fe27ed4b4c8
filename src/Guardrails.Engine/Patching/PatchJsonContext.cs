using System.Text.Json;

namespace Guardrails.Engine.Patching;

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonElement[]))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class PatchJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
