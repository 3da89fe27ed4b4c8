using System.Runtime.InteropServices;
using System.Text.Json;

namespace Guardrails.Engine.Evaluation;

/// <summary>The annotations an object may exempt itself with: its own, and its pod template's (which its Pods inherit).</summary>
internal readonly struct ObjectAnnotations(JsonElement? own, JsonElement? template)
{
    public string? Find(string key) => Lookup(own, key) ?? Lookup(template, key);

    /// <summary>False only when no annotation's name starts with <paramref name="utf8Prefix"/>: <see cref="Find"/> then finds no such name.</summary>
    public bool MayHaveNameStartingWith(ReadOnlySpan<byte> utf8Prefix) => MayHave(own, utf8Prefix) || MayHave(template, utf8Prefix);

    private static bool MayHave(JsonElement? metadata, ReadOnlySpan<byte> utf8Prefix)
    {
        if (metadata is not { ValueKind: JsonValueKind.Object } m || !m.TryGetProperty("annotations"u8, out var annotations)
            || annotations.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var member in annotations.EnumerateObject())
        {
            // A name written with escapes is not unescaped to be compared: it may spell the prefix.
            var name = JsonMarshal.GetRawUtf8PropertyName(member);
            if (name.StartsWith(utf8Prefix) || name.Contains((byte)'\\'))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Lookup(JsonElement? metadata, string key) =>
        metadata is { ValueKind: JsonValueKind.Object } m
        && m.TryGetProperty("annotations", out var annotations)
        && annotations.ValueKind == JsonValueKind.Object
        && annotations.TryGetProperty(key, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
