using System.Net;
using System.Net.Sockets;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// Says in one line why the server could not listen (a port in use, an address not of this machine, a port that needs
/// privileges), from the exception Kestrel's start threw: which endpoint failed is found by binding each one again.
/// </summary>
internal static class ListenFailure
{
    /// <summary>The reason, naming the address and port; null when <paramref name="exception"/> is not a failure to listen.</summary>
    public static string? Describe(Exception exception, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (FindSocketException(exception) is not { } socketError || !IPAddress.TryParse(options.Address, out var address))
        {
            return null;
        }

        foreach (var (port, option) in Endpoints(options))
        {
            if (Bind(address, port) is { } error)
            {
                return $"cannot listen on {Endpoint(address, port)} ({option}): {Reason(error, address, option)}";
            }
        }

        // Free again by now: say what Kestrel met.
        return $"cannot listen on {options.Address} (port {options.Port}{(options.MetricsPort is { } metrics ? $" or {metrics}" : "")}): {socketError.Message}";
    }

    private static IEnumerable<(int Port, string Option)> Endpoints(WebhookOptions options)
    {
        if (options.Port != 0)
        {
            yield return (options.Port, "--port");
        }

        if (options.MetricsPort is { } metrics)
        {
            yield return (metrics, "--metrics-port");
        }
    }

    private static SocketError? Bind(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (address.Equals(IPAddress.IPv6Any))
        {
            socket.DualMode = true;
        }

        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return null;
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode;
        }
    }

    private static string Reason(SocketError error, IPAddress address, string option) => error switch
    {
        SocketError.AddressAlreadyInUse => $"the address is already in use (another process listens there; stop it or choose another {option})",
        SocketError.AddressNotAvailable => $"{address} is not an address of this machine (give one of its own, or 0.0.0.0 for all)",
        SocketError.AccessDenied => $"permission denied (a port below 1024 needs root or CAP_NET_BIND_SERVICE; choose another {option})",
        _ => new SocketException((int)error).Message,
    };

    private static string Endpoint(IPAddress address, int port) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";

    // Kestrel wraps the socket's error (in AddressInUseException and IOException for a port in use).
    private static SocketException? FindSocketException(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException socketException)
            {
                return socketException;
            }
        }

        return null;
    }
}
