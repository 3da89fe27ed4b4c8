using System.Net;
using System.Text.Json;

namespace Guardrails.Webhook.Cluster;

/// <summary>
/// A failed call to the API server, with the HTTP status when there was an answer and a message fit to be shown in a
/// denial (the API server's own <c>Status</c> message when it gave one).
/// </summary>
internal sealed class ClusterApiException : Exception
{
    public ClusterApiException()
    {
    }

    public ClusterApiException(string message)
        : base(message)
    {
    }

    public ClusterApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ClusterApiException(HttpStatusCode? statusCode, string message, Exception? innerException = null)
        : base(message, innerException) => StatusCode = statusCode;

    /// <summary>The HTTP status of the answer, or null when there was none (connection, TLS or parsing problems).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>From an error answer: <c>403 Forbidden: namespaces is forbidden: ...</c>.</summary>
    public static ClusterApiException FromResponse(HttpStatusCode statusCode, string? body, Exception? innerException = null)
    {
        var detail = StatusMessage(body);
        var message = $"the API server answered {(int)statusCode} {statusCode}{(detail is null ? "" : ": " + detail)}";
        return new ClusterApiException(statusCode, message, innerException);
    }

    /// <summary>The <c>message</c> of a <c>Status</c> body, or the start of any other body.</summary>
    private static string? StatusMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString();
            }
        }
        catch (JsonException)
        {
            // Not a Status: proxies and load balancers answer in plain text or HTML.
        }

        var text = body.Trim();
        return text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "...");
    }
}
