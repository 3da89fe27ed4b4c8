using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// From half the drain period on, every answer closes its connection after it (Kestrel sends <c>Connection: close</c>
/// on HTTP/1.1 and a graceful GOAWAY on HTTP/2). A client keeping a connection alive, as the API server does, would
/// otherwise go on sending on it after the endpoint is removed, until the host stops and closes it under a request in
/// flight; this way it reconnects, through the Service, to a replica that is not going away. Not at once: until the
/// endpoint removal has reached the proxies, a reconnection may come back to this replica, and every close while a
/// client is sending risks its next request meeting the closed socket.
/// </summary>
internal static class DrainingConnections
{
    /// <summary>Middleware asking for the connection to close after this request once <paramref name="readiness"/> has drained for <paramref name="closeAfter"/>.</summary>
    public static Func<HttpContext, RequestDelegate, Task> CloseWhileDraining(ReadinessState readiness, TimeSpan closeAfter) => (context, next) =>
    {
        if (readiness.Draining && readiness.DrainingFor >= closeAfter)
        {
            context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        }

        return next(context);
    };
}
