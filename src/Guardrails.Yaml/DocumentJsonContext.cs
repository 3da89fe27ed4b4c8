namespace Guardrails.Yaml;

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class DocumentJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
