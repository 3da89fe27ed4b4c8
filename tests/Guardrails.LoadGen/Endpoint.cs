using System.Net;
using System.Net.Sockets;

namespace Guardrails.LoadGen;

/// <summary>
/// The server as one endpoint of a Service: connections are made to it until it is removed (its readiness probe
/// failed); after that a new connection would go to another replica, so none is made and the request counts as
/// rerouted. Connections already open stay in use, as the API server's kept-alive connections do.
/// </summary>
internal sealed class Endpoint
{
    private volatile bool _removed;

    public bool Removed => _removed;

    public void Remove() => _removed = true;

    /// <summary>Whether an HttpClient failure was a new connection that went elsewhere.</summary>
    public static bool Rerouted(Exception exception)
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

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_removed)
        {
            throw new ReroutedException();
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(context.DnsEndPoint.Host, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class ReroutedException : IOException
    {
        public ReroutedException()
            : base("rerouted: the endpoint was removed (readiness failed), so the Service sends new connections elsewhere")
        {
        }
    }
}
