using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>
/// The real webhook server on a loopback port with a real TLS certificate (self-signed CA), the built-in pack, and the
/// namespace labels the reviews were captured with. Clients trust only that CA.
/// </summary>
public sealed class WebhookFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, Dictionary<string, string>> CapturedNamespaceLabels = new Dictionary<string, Dictionary<string, string>>
    {
        ["payments-prod"] = new() { ["env"] = "prod", ["team"] = "payments" },
        ["default"] = [],
    };

    private RunningWebhook? _server;

    public HttpClient Client => _server!.Client;

    public async Task InitializeAsync() => _server = await RunningWebhook.StartAsync(CapturedNamespaceLabels);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>An HTTPS client that trusts exactly <paramref name="authority"/>, as the API server trusts caBundle.</summary>
    internal static HttpClient CreateClient(X509Certificate2 authority, Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(authority);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(certificate));
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }
}
