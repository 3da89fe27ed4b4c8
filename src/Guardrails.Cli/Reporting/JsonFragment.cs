using System.Buffers;
using System.Text.Json;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// Array elements serialized exactly as they read inside a whole document at their depth: indentation, line ends and
/// the commas between them, so that fragments written apart and joined with commas are the document's own bytes.
/// </summary>
internal static class JsonFragment
{
    /// <summary>
    /// What <paramref name="write"/> writes as elements of an array at <paramref name="depth"/> (the number of arrays and
    /// objects around the elements): each element on its own line, from the line end before the first; empty when it
    /// writes nothing.
    /// </summary>
    public static byte[] Of(JsonWriterOptions options, int depth, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, options);

        // Indentation follows depth alone, so arrays stand in for the document's objects and arrays above the elements.
        for (var i = 0; i < depth; i++)
        {
            writer.WriteStartArray();
        }

        writer.Flush();
        var from = buffer.WrittenCount;
        write(writer);
        writer.Flush();
        return buffer.WrittenSpan[from..].ToArray();
    }
}
