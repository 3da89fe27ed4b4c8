using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Guardrails.LoadGen;

/// <summary>
/// One HTTP/1.1 exchange over TLS written by hand, for what HttpClient will not send: bodies trickled byte by byte,
/// bodies shorter than declared, broken chunking. The request asks for <c>Connection: close</c> and the answer is read
/// until the server closes the connection.
/// </summary>
internal static class RawHttps
{
    /// <summary>What came back: the status and body when an answer arrived, and how long until the connection closed.</summary>
    public sealed record Answer(int? Status, string Body, bool Closed, TimeSpan Elapsed);

    /// <summary>Connects, lets <paramref name="send"/> write the request, then reads until close or <paramref name="timeout"/>.</summary>
    public static async Task<Answer> ExchangeAsync(Uri server, X509Certificate2Collection authorities, Func<Stream, Task> send, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(send);
        var started = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(timeout);
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(server.Host, server.Port, cancel.Token).ConfigureAwait(false);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) => Trusted(certificate, authorities));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = server.Host, ApplicationProtocols = [SslApplicationProtocol.Http11] }, cancel.Token)
            .ConfigureAwait(false);
        var reading = ReadToCloseAsync(tls, cancel.Token);
        try
        {
            await send(tls).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The server stopped reading (a limit, a timeout): what it answered, if anything, is still read below.
        }

        var (received, closed) = await reading.ConfigureAwait(false);
        var (status, body) = Parse(received);
        return new Answer(status, body, closed, started.Elapsed);
    }

    /// <summary>The request line and headers of a POST, with <c>Connection: close</c>.</summary>
    public static byte[] Head(Uri server, string path, string framing) =>
        Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: {server.Host}:{server.Port}\r\nContent-Type: application/json\r\nConnection: close\r\n{framing}\r\n\r\n");

    private static bool Trusted(X509Certificate? certificate, X509Certificate2Collection authorities)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static async Task<(byte[] Received, bool Closed)> ReadToCloseAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                received.Write(buffer, 0, read);
            }

            return (received.ToArray(), true);
        }
        catch (IOException)
        {
            // A reset is a close too.
            return (received.ToArray(), true);
        }
        catch (OperationCanceledException)
        {
            return (received.ToArray(), false);
        }
    }

    // Status and body of an HTTP/1.1 answer (chunked or with a length), when one arrived.
    private static (int? Status, string Body) Parse(byte[] received)
    {
        var text = Encoding.UTF8.GetString(received);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || headerEnd < 0
            || !int.TryParse(text.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return (null, text);
        }

        var body = text[(headerEnd + 4)..];
        var chunked = text[..headerEnd].Contains("\r\nTransfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase);
        return (status, chunked ? Dechunk(body) : body);
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var at = 0;
        while (at < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (lineEnd < 0 || !int.TryParse(body.AsSpan(at, lineEnd - at), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }

            result.Append(body, lineEnd + 2, Math.Min(size, body.Length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }

        return result.ToString();
    }
}
