using System.Text.Json;

namespace Guardrails.EndToEnd.Webhook;

/// <summary>One line of serve's decision log: <c>admission validate uid=... kind=... object=ns/name operation=... decision=...</c>.</summary>
internal sealed record ServeDecision(string Webhook, string Kind, string Object, string Operation, string SubResource, string Decision)
{
    private const string Prefix = "admission ";

    /// <summary>The decision a JSON log line records, or null for any other line.</summary>
    public static ServeDecision? Parse(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        string? message;
        try
        {
            using var json = JsonDocument.Parse(line);
            message = json.RootElement.TryGetProperty("Message", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }

        if (message is null || !message.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var words = message[Prefix.Length..].Split(' ');
        var fields = words.Skip(1).Select(w => w.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return new ServeDecision(words[0], Field(fields, "kind"), Field(fields, "object"), Field(fields, "operation"), Field(fields, "subresource"), Field(fields, "decision"));
    }

    private static string Field(Dictionary<string, string> fields, string name) => fields.TryGetValue(name, out var value) ? value : "";
}
