using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guardrails.LoadGen;

/// <summary>
/// What a well-formed answer of the webhook is: 200 with an AdmissionReview echoing a uid and deciding, or 400, 413
/// or 500 with a problem document naming its status and why. Anything else (no body, a body that is not JSON, another
/// status) is malformed.
/// </summary>
internal static class AdmissionAnswer
{
    /// <summary>Why the answer is malformed; null when it is well-formed and its status one of <paramref name="allowed"/>.</summary>
    public static string? Problem(int status, string text, params int[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (Array.IndexOf(allowed, status) < 0)
        {
            return $"HTTP {status} (expected {string.Join(", ", allowed)}): \"{Shorten(text)}\"";
        }

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            json = null;
        }

        if (json is not JsonObject body)
        {
            return $"HTTP {status} with a body that is not a JSON object: \"{Shorten(text)}\"";
        }

        var wellFormed = status == 200
            ? Text(body["kind"]) == "AdmissionReview" && Text(body["response"]?["uid"]) is { Length: > 0 } && body["response"]?["allowed"] is JsonValue allowedValue && allowedValue.TryGetValue<bool>(out _)
            : body["status"] is JsonValue code && code.TryGetValue<int>(out var number) && number == status && Text(body["detail"]) is { Length: > 0 };
        return wellFormed ? null : $"HTTP {status} with a body that is not {(status == 200 ? "an AdmissionReview with a uid and a decision" : "a problem naming its status and detail")}: \"{Shorten(text)}\"";
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
