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
    private const int KeptBufferCapacity = 4096;

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

    // One buffer and writer per thread, kept between values: a value then costs its own document and nothing more.
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_writing;

    private static JsonElement Write<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var (buffer, writer) = t_writing ??= NewWriting();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        write(writer, value);
        writer.Flush();
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        var element = JsonElement.ParseValue(ref reader);
        if (buffer.Capacity > KeptBufferCapacity)
        {
            // A large value's buffer is not kept for the thread's lifetime.
            t_writing = null;
        }

        return element;
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewWriting()
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        return (buffer, new Utf8JsonWriter(buffer));
    }
}
