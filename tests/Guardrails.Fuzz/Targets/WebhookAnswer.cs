using System.Text.Json;

namespace Guardrails.Fuzz.Targets;

/// <summary>
/// What the webhook wrote, checked against its contract: 200 with an <c>AdmissionReview</c> response, or 400, 413 or
/// 500 with a problem document that says why. <see cref="Detail"/> is the problem's detail or the denial's message;
/// <see cref="Problem"/> names the first breach of that contract.
/// </summary>
internal sealed record WebhookAnswer(int Status, bool? Allowed, string? Detail, string? Problem)
{
    public static WebhookAnswer Read(int status, byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return new WebhookAnswer(status, null, null, $"the body ({body.Length} bytes) is not JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            return status switch
            {
                200 => Review(root),
                400 or 413 or 500 => ProblemDocument(status, root),
                _ => new WebhookAnswer(status, null, null, $"status {status} is not one the webhook answers with a policy set loaded"),
            };
        }
    }

    private static WebhookAnswer Review(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object)
        {
            return new WebhookAnswer(200, null, null, "a 200 answer without a response object");
        }

        if (!response.TryGetProperty("uid", out var uid) || uid.ValueKind != JsonValueKind.String)
        {
            return new WebhookAnswer(200, null, null, "the response has no uid");
        }

        if (!response.TryGetProperty("allowed", out var allowed) || allowed.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return new WebhookAnswer(200, null, null, "the response has no boolean allowed");
        }

        var patchProblem = response.TryGetProperty("patch", out var patch) ? PatchProblem(patch) : null;
        var message = response.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object
            && status.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
        return new WebhookAnswer(200, allowed.ValueKind == JsonValueKind.True, message, patchProblem);
    }

    // The API server applies the patch as RFC 6902: base64 of a JSON array of operations with an op and a pointer path.
    private static string? PatchProblem(JsonElement patch)
    {
        if (patch.ValueKind != JsonValueKind.String || !patch.TryGetBytesFromBase64(out var bytes))
        {
            return "the patch is not base64";
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return "the patch is not a JSON array";
            }

            foreach (var operation in document.RootElement.EnumerateArray())
            {
                if (operation.ValueKind != JsonValueKind.Object
                    || !operation.TryGetProperty("op", out var op) || op.GetString() is not ("add" or "replace" or "remove" or "test" or "move" or "copy")
                    || !operation.TryGetProperty("path", out var path) || path.GetString() is not { } pointer || (pointer.Length > 0 && pointer[0] != '/'))
                {
                    return $"the patch has an operation that is not RFC 6902: {operation.GetRawText()}";
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return $"the patch is not RFC 6902 JSON: {ex.Message}";
        }
    }

    private static WebhookAnswer ProblemDocument(int status, JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String
            && detail.GetString() is { Length: > 0 } text
            ? new WebhookAnswer(status, null, text, null)
            : new WebhookAnswer(status, null, null, $"a {status} answer without a detail that says why");
}
