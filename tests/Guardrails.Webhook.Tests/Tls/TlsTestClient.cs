using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Guardrails.Webhook.Tests.Tls;

/// <summary>Makes HTTPS requests on new connections, trusting only a given root, as the API server does with <c>caBundle</c>.</summary>
internal static class TlsTestClient
{
    /// <summary>Requests <c>/</c> from 127.0.0.1 on a new connection, naming <paramref name="host"/> for SNI and validation.</summary>
    public static async Task<TlsResponse> GetAsync(
        int port,
        X509Certificate2 trustedRoot,
        string host = "localhost",
        SslProtocols protocols = SslProtocols.None,
        Version? httpVersion = null)
    {
        X509Certificate2? served = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                EnabledSslProtocols = protocols,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    served = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    return IsTrusted(trustedRoot, certificate, chain, errors);
                },
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://127.0.0.1:{port}/"))
        {
            Version = httpVersion ?? HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        // SocketsHttpHandler takes the TLS host name (SNI and name check) from the Host header.
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var protocol = await response.Content.ReadAsStringAsync();
        return new TlsResponse(served!, protocol, response.Version);
    }

    /// <summary>
    /// Trusts a certificate that names the host and chains to <paramref name="trustedRoot"/> alone, through only the
    /// intermediates the server sent.
    /// </summary>
    public static bool IsTrusted(X509Certificate2 trustedRoot, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(trustedRoot);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }

    /// <summary>Repeats <paramref name="probe"/> on new connections until <paramref name="done"/> holds, or fails after the timeout.</summary>
    public static async Task<TlsResponse> EventuallyAsync(Func<Task<TlsResponse>> probe, Func<TlsResponse, bool> done, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var response = await probe();
            if (done(response) || DateTimeOffset.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(100);
        }
    }
}
