using System.Text.Json.Nodes;

namespace Guardrails.EndToEnd.Kubernetes;

/// <summary>One answer of the API server: status code, body, and the admission warnings it sent as <c>Warning</c> headers.</summary>
internal sealed record ApiResponse(int Status, string Text, IReadOnlyList<string> Warnings)
{
    private readonly Lazy<JsonNode?> _json = new(() => Parse(Text));

    public JsonNode? Json => _json.Value;

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The Status object's message of an error answer.</summary>
    public string? Message => IsSuccess ? null : Json?["message"]?.GetValue<string>();

    /// <summary>The Status object's reason (Forbidden, Invalid, InternalError, ...).</summary>
    public string? Reason => IsSuccess ? null : Json?["reason"]?.GetValue<string>();

    public override string ToString() => Describe();

    public string Describe() =>
        $"HTTP {Status}{(Warnings.Count > 0 ? "\n" + string.Join('\n', Warnings.Select(w => "Warning: " + w)) : "")}\n{Text}";

    private static JsonNode? Parse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
