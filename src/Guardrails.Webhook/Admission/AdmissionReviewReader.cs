using System.Text.Json;
using Guardrails.Engine.Format;

namespace Guardrails.Webhook.Admission;

/// <summary>
/// Reads an <c>AdmissionReview</c> body. Anything malformed (not JSON, not Unicode text, wrong types, no request, no
/// uid, an object without a kind) becomes one clear message for a 400 answer; nothing here throws on bad input.
/// </summary>
internal static class AdmissionReviewReader
{
    public const string V1 = "admission.k8s.io/v1";
    public const string V1Beta1 = "admission.k8s.io/v1beta1";

    /// <summary>How review bodies are parsed; documents rebuilt from parts of a review use the same limits.</summary>
    public static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 128 };

    /// <summary>Parses <paramref name="body"/>; on success the caller owns (and disposes) <paramref name="document"/>.</summary>
    public static (AdmissionRequest? Request, string? Problem) Read(ReadOnlyMemory<byte> body, out JsonDocument? document)
    {
        document = null;
        try
        {
            document = JsonDocument.Parse(body, ParseOptions);
        }
        catch (JsonException ex)
        {
            return (null, $"the body is not valid JSON: {ex.Message}");
        }

        // Checked once here, every string of the review is safe to read from now on, in the engine too.
        var (request, problem) = ReviewEncoding.Problem(body.Span) is { } encoding ? (null, encoding) : ReadReview(document.RootElement);
        if (request is null)
        {
            document.Dispose();
            document = null;
        }

        return (request, problem);
    }

    private static (AdmissionRequest? Request, string? Problem) ReadReview(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "the body must be a JSON object (an AdmissionReview)");
        }

        var apiVersion = String(root, "apiVersion");
        if (apiVersion is not (V1 or V1Beta1))
        {
            return (null, $"apiVersion must be {V1} or {V1Beta1}, not {Describe(root, "apiVersion")}");
        }

        if (String(root, "kind") != "AdmissionReview")
        {
            return (null, $"kind must be AdmissionReview, not {Describe(root, "kind")}");
        }

        if (!root.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object)
        {
            return (null, $"request must be an object, not {Describe(root, "request")}");
        }

        if (String(request, "uid") is not { Length: > 0 } uid)
        {
            return (null, $"request.uid must be a non-empty string, not {Describe(request, "uid")}");
        }

        if (!TryGroupVersionKind(request, "kind", out var kind))
        {
            return (null, "request.kind must be an object with string group, version and kind");
        }

        if (!TryGroupVersionResource(request, out var resource))
        {
            return (null, "request.resource must be an object with string group, version and resource");
        }

        var operation = String(request, "operation") switch
        {
            "CREATE" => AdmissionOperation.Create,
            "UPDATE" => AdmissionOperation.Update,
            "DELETE" => AdmissionOperation.Delete,
            "CONNECT" => AdmissionOperation.Connect,
            _ => (AdmissionOperation?)null,
        };
        if (operation is null)
        {
            return (null, $"request.operation must be CREATE, UPDATE, DELETE or CONNECT, not {Describe(request, "operation")}");
        }

        foreach (var name in new[] { "subResource", "name", "namespace" })
        {
            if (request.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return (null, $"request.{name} must be a string, not {Describe(request, name)}");
            }
        }

        var (obj, objectProblem) = OptionalObject(request, "object");
        var (oldObject, oldProblem) = OptionalObject(request, "oldObject");
        if ((objectProblem ?? oldProblem) is { } problem)
        {
            return (null, problem);
        }

        if (obj is null && operation is AdmissionOperation.Create or AdmissionOperation.Update)
        {
            return (null, $"request.object is required for {String(request, "operation")}");
        }

        var dryRun = false;
        if (request.TryGetProperty("dryRun", out var dry))
        {
            if (dry.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
            {
                return (null, $"request.dryRun must be a boolean, not {Describe(request, "dryRun")}");
            }

            dryRun = dry.ValueKind == JsonValueKind.True;
        }

        var userName = request.TryGetProperty("userInfo", out var user) ? String(user, "username") : null;
        return (new AdmissionRequest(apiVersion, uid, kind, resource, NonEmpty(String(request, "subResource")), NonEmpty(String(request, "name")),
            String(request, "namespace") ?? string.Empty, operation.Value, obj, oldObject, dryRun, userName), null);
    }

    // The API server always sends objects with their kind; the engine could not judge one without it.
    private static (JsonElement? Value, string? Problem) OptionalObject(JsonElement request, string name) =>
        !request.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? (null, null)
        : value.ValueKind != JsonValueKind.Object ? (null, $"request.{name} must be an object or null, not {Describe(request, name)}")
        : String(value, "kind") is not { Length: > 0 } ? (null, $"request.{name}.kind must be a non-empty string, not {Describe(value, "kind")}")
        : (value, null);

    private static bool TryGroupVersionKind(JsonElement request, string name, out GroupVersionKind kind)
    {
        kind = default;
        if (!request.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Object
            || String(value, "group") is not { } group || String(value, "version") is not { } version || String(value, "kind") is not { Length: > 0 } kindName)
        {
            return false;
        }

        kind = new GroupVersionKind(group, version, kindName);
        return true;
    }

    private static bool TryGroupVersionResource(JsonElement request, out GroupVersionResource resource)
    {
        resource = default;
        if (!request.TryGetProperty("resource", out var value) || value.ValueKind != JsonValueKind.Object
            || String(value, "group") is not { } group || String(value, "version") is not { } version || String(value, "resource") is not { Length: > 0 } name)
        {
            return false;
        }

        resource = new GroupVersionResource(group, version, name);
        return true;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Describe(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? "missing"
        : value.ValueKind switch
        {
            JsonValueKind.String => $"\"{Truncate(value.GetString()!)}\"",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };

    private static string Truncate(string text) => text.Length <= 64 ? text : TextPrefix.Of(text, 64) + "...";
}
