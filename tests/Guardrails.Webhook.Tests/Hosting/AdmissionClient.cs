using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>Posts reviews the way the API server does and reads the answers.</summary>
internal static class AdmissionClient
{
    public static async Task<(int Status, JsonNode? Body, string Text)> PostAsync(HttpClient client, string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
        }

        return ((int)response.StatusCode, json, text);
    }

    public static Task<(int Status, JsonNode? Body, string Text)> PostFixtureAsync(HttpClient client, string fixture)
    {
        var webhook = fixture.StartsWith("mutate-", StringComparison.Ordinal) ? "mutate" : "validate";
        return PostAsync(client, $"/{webhook}?timeout=5s", File.ReadAllBytes(Path.Combine(RepoPaths.AdmissionReviews, fixture)));
    }

    public static JsonArray? DecodedPatch(JsonNode? review) =>
        review?["response"]?["patch"]?.GetValue<string>() is { } base64
            ? JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)))!.AsArray()
            : null;

    /// <summary>Status line, the response, and the decoded patch: the golden form of an answer.</summary>
    public static string Describe(int status, JsonNode? body, string text)
    {
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var result = new StringBuilder($"HTTP {status}\n").Append(body?.ToJsonString(options) ?? text).Append('\n');
        if (DecodedPatch(body) is { } patch)
        {
            result.Append("decoded patch:\n").Append(patch.ToJsonString(options)).Append('\n');
        }

        return result.ToString();
    }
}
