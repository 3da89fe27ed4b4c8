using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Operations;

namespace Guardrails.Cli.Testing;

/// <summary>
/// Source-generated metadata for reading and applying RFC 6902 patches with Microsoft.AspNetCore.JsonPatch.SystemTextJson
/// under Native AOT, where reflection-based serialization is off.
/// </summary>
/// <remarks>
/// <see cref="JsonPatchDocument"/> cannot be source-generated (its converter is internal to the library), so the
/// operations are read as a list and the document is built from them. The document keeps this context's options:
/// applying an operation to a <see cref="JsonNode"/> tree serializes its value (a <see cref="JsonElement"/>) to a
/// node, or converts it to an array element, through them.
/// </remarks>
[JsonSerializable(typeof(List<Operation>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonPatchJsonContext : JsonSerializerContext
{
    /// <summary>Reads an RFC 6902 JSON Patch document (a JSON array of operations).</summary>
    /// <exception cref="JsonException">The text is not a JSON array of operation objects.</exception>
    public static JsonPatchDocument ReadPatch(string json)
    {
        var operations = JsonSerializer.Deserialize(json, Default.ListOperation)
            ?? throw new JsonException("a JSON patch is an array of operations, not null");
        return new JsonPatchDocument(operations, Default.Options);
    }
}
