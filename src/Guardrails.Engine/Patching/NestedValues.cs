using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json;
using Guardrails.Engine.Json;

namespace Guardrails.Engine.Patching;

/// <summary>
/// The values one mutation adds where its field's parents are absent: its value nested in the members below the first
/// one absent. Each is a document of its own, and a mutation meets the same few values (its fixed value, the requests
/// it copies) at the same few levels, so each is built once and kept, by level and the value's JSON text; a nested value
/// is written from that text alone, so a kept one is the value built anew.
/// </summary>
internal sealed class NestedValues(string[] tokens)
{
    // Bounds on what is kept: a value beyond them is built each time.
    private const int MaxKept = 256;
    private const int MaxKeyLength = 256;

    private readonly ConcurrentDictionary<string, JsonElement> _kept = new(StringComparer.Ordinal);

    /// <summary><paramref name="value"/> nested in the members of the tokens below <paramref name="level"/>.</summary>
    public JsonElement At(int level, JsonElement value)
    {
        if (level >= tokens.Length - 1)
        {
            return value;
        }

        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length >= MaxKeyLength)
        {
            return Built(tokens, level, value);
        }

        // The key is the level, then each byte of the value's text as one character: the same text, the same key.
        Span<char> key = stackalloc char[raw.Length + 1];
        key[0] = (char)level;
        for (var i = 0; i < raw.Length; i++)
        {
            key[i + 1] = (char)raw[i];
        }

        var kept = _kept.GetAlternateLookup<ReadOnlySpan<char>>();
        if (kept.TryGetValue(key, out var nested))
        {
            return nested;
        }

        nested = Built(tokens, level, value);
        if (_kept.Count < MaxKept)
        {
            _kept.TryAdd(key.ToString(), nested);
        }

        return nested;
    }

    /// <summary><paramref name="value"/> nested in the members of <paramref name="path"/> below <paramref name="level"/>, built anew.</summary>
    public static JsonElement Built(IReadOnlyList<string> path, int level, JsonElement value)
    {
        var nested = value;
        for (var at = path.Count - 1; at > level; at--)
        {
            nested = path[at] == "-" ? JsonValues.ArrayOf(nested) : JsonValues.ObjectOf(path[at], nested);
        }

        return nested;
    }
}
