using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Guardrails.Cli.Policies;
using Guardrails.Webhook.Hosting;
using Guardrails.Webhook.Namespaces;
using Guardrails.Webhook.Policies;
using Guardrails.Webhook.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>
/// The real webhook server on a loopback port with a real TLS certificate (self-signed CA), the built-in pack, and the
/// namespace labels the reviews were captured with. Clients trust only that CA.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync")]
public sealed class WebhookFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, Dictionary<string, string>> CapturedNamespaceLabels = new Dictionary<string, Dictionary<string, string>>
    {
        ["payments-prod"] = new() { ["env"] = "prod", ["team"] = "payments" },
        ["default"] = [],
    };

    private SelfSignedCertificate? _generated;
    private ServingCertificate? _certificate;
    private PolicySetProvider? _policies;

    internal WebApplication? App { get; private set; }

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _generated = SelfSignedCertificates.Create(["localhost"]);
        _certificate = ServingCertificate.FromCertificate(_generated.ServingCertificate, "self-signed", NullLogger.Instance);
        _policies = new PolicySetProvider(
            () =>
            {
                var (set, exemptions, problems) = PolicySources.Load([], null);
                return PolicyLoadOutcome.From(set, exemptions, problems);
            },
            [],
            NullLogger.Instance,
            TimeProvider.System);
        _policies.LoadInitial().Should().BeEmpty();
        App = WebhookServer.Build(new WebhookOptions { Address = "127.0.0.1", Port = 0, SelfSigned = true }, _policies,
            new StaticNamespaceLabels(CapturedNamespaceLabels, strict: false), _certificate, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        Client = CreateClient(_generated.Authority, BaseAddress);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        _policies?.Dispose();
        _certificate?.Dispose();
        _generated?.Dispose();
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
