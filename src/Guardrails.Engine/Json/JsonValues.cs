using System.Buffers;
using System.Text.Json;

namespace Guardrails.Engine.Json;

/// <summary>
/// Small JSON values written as <see cref="JsonSerializer.SerializeToElement{TValue}(TValue, System.Text.Json.Serialization.Metadata.JsonTypeInfo{TValue})"/>
/// writes them (the default encoder), without the serializer: the first use of a source-generated context configures
/// its type graph, about a millisecond of a short <c>guardrails check</c> (docs/performance.md, start-up).
/// </summary>
internal static class JsonValues
{
    /// <summary>A JSON string.</summary>
    public static JsonElement String(string value) => Write(value, static (writer, text) => writer.WriteStringValue(text));

    /// <summary>A JSON number.</summary>
    public static JsonElement Number(int value) => Write(value, static (writer, number) => writer.WriteNumberValue(number));

    /// <summary>A JSON array of one item.</summary>
    public static JsonElement ArrayOf(JsonElement item) => Write(item, static (writer, value) =>
    {
        writer.WriteStartArray();
        value.WriteTo(writer);
        writer.WriteEndArray();
    });

    /// <summary>A JSON object of one member.</summary>
    public static JsonElement ObjectOf(string name, JsonElement value) => Write((name, value), static (writer, member) =>
    {
        writer.WriteStartObject();
        writer.WritePropertyName(member.name);
        member.value.WriteTo(writer);
        writer.WriteEndObject();
    });

    private static JsonElement Write<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, value);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
