namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>A new connection that the Service would have sent to another replica (see <see cref="CountingClient"/>).</summary>
internal sealed class ReroutedException : IOException
{
    public ReroutedException()
        : base("routed to another replica: this one is no longer an endpoint")
    {
    }

    public ReroutedException(string message)
        : base(message)
    {
    }

    public ReroutedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Whether <paramref name="exception"/> (an HttpClient failure) was a new connection sent elsewhere.</summary>
    public static bool Caused(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ReroutedException)
            {
                return true;
            }
        }

        return false;
    }
}
