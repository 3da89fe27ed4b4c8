using System.Text.Json;

namespace Guardrails.Engine.Evaluation;

/// <summary>The annotations an object may exempt itself with: its own, and its pod template's (which its Pods inherit).</summary>
internal readonly struct ObjectAnnotations(JsonElement? own, JsonElement? template)
{
    public string? Find(string key) => Lookup(own, key) ?? Lookup(template, key);

    private static string? Lookup(JsonElement? metadata, string key) =>
        metadata is { ValueKind: JsonValueKind.Object } m
        && m.TryGetProperty("annotations", out var annotations)
        && annotations.ValueKind == JsonValueKind.Object
        && annotations.TryGetProperty(key, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
