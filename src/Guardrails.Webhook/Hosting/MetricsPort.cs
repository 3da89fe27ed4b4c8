using Microsoft.AspNetCore.Http;

namespace Guardrails.Webhook.Hosting;

/// <summary>The plain-HTTP port serves metrics and probes only: admission reviews are answered over TLS alone.</summary>
internal static class MetricsPort
{
    private static readonly string[] Paths = ["/metrics", "/healthz", "/readyz"];

    /// <summary>Middleware answering 404 on <paramref name="port"/> for every path but the observability ones.</summary>
    public static Func<HttpContext, RequestDelegate, Task> OnlyObservability(int port) => (context, next) =>
    {
        if (context.Connection.LocalPort == port && !Paths.Contains(context.Request.Path.Value, StringComparer.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    };
}
