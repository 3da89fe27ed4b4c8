using System.Text.Json.Nodes;

namespace Guardrails.Chart.Tests.Support;

/// <summary>Turns the plain values of <see cref="YamlTree"/> into System.Text.Json nodes.</summary>
internal static class JsonTree
{
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        IReadOnlyDictionary<string, object?> map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, ToNode(p.Value)))),
        IEnumerable<object?> list => new JsonArray([.. list.Select(ToNode)]),
        _ => throw new ArgumentException($"no JSON form for {value.GetType().Name}", nameof(value)),
    };

    public static string ToJson(object? value) => ToNode(value)?.ToJsonString() ?? "null";
}
