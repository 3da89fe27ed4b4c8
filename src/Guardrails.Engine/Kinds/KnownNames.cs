using System.Text;
using System.Text.Json;
using System.Runtime.InteropServices;

namespace Guardrails.Engine.Kinds;

/// <summary>
/// The apiVersions and kinds of the built-in groups as strings made once per process: every evaluation reads an
/// object's <c>apiVersion</c> and <c>kind</c>, and one of these costs no new string.
/// </summary>
internal static class KnownNames
{
    // Longer names are read as new strings (no built-in apiVersion or kind is near this long).
    private const int MaxLength = 64;

    private static readonly HashSet<string> Names = new(BuiltInKinds.Names(), StringComparer.Ordinal);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ByChars = Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The text of the string <paramref name="value"/>: the kept string when it is a known name, a new one otherwise.</summary>
    public static string Read(JsonElement value)
    {
        // The raw value holds its quotes; a name written with an escape is decoded the usual way.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length - 2 <= MaxLength && raw.Length >= 2 && raw.IndexOf((byte)'\\') < 0)
        {
            Span<char> chars = stackalloc char[MaxLength];
            if (Ascii.ToUtf16(raw[1..^1], chars, out var written) == System.Buffers.OperationStatus.Done
                && ByChars.TryGetValue(chars[..written], out var known))
            {
                return known;
            }
        }

        return value.GetString()!;
    }

    /// <summary>The string member <paramref name="name"/> of <paramref name="element"/> as <see cref="Read"/> gives it; null when there is no such string.</summary>
    public static string? Field(JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Read(value) : null;
}
