using System.Text.Json;

namespace Guardrails.Engine.Patching;

/// <summary>One RFC 6902 operation against the whole object.</summary>
/// <param name="Op"><c>add</c>, <c>replace</c> or <c>remove</c>.</param>
/// <param name="Path">JSON Pointer in the object.</param>
/// <param name="Value">The value for add and replace.</param>
public sealed record PatchOperation(string Op, string Path, JsonElement? Value)
{
    /// <summary>Writes a list of operations as an RFC 6902 JSON Patch document.</summary>
    public static string ToJson(IReadOnlyList<PatchOperation> operations, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            Write(writer, operations);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the operations as a JSON array.</summary>
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<PatchOperation> operations)
    {
        writer.WriteStartArray();
        foreach (var operation in operations)
        {
            writer.WriteStartObject();
            writer.WriteString("op", operation.Op);
            writer.WriteString("path", operation.Path);
            if (operation.Value is { } value)
            {
                writer.WritePropertyName("value");
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
