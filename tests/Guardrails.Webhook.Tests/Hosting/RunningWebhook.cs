using Guardrails.Cli.Policies;
using Guardrails.Webhook.Autoscalers;
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
/// The real webhook server, in process, on a loopback port with a real TLS certificate from a generated CA, the
/// built-in pack and static namespace labels; its client trusts only that CA, as the API server trusts caBundle.
/// </summary>
internal sealed class RunningWebhook : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PolicySetProvider _policies;
    private readonly ServingCertificate _certificate;
    private readonly SelfSignedCertificate _generated;

    private RunningWebhook(WebApplication app, PolicySetProvider policies, ServingCertificate certificate, SelfSignedCertificate generated, HttpClient client)
    {
        _app = app;
        _policies = policies;
        _certificate = certificate;
        _generated = generated;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The CA that signed the serving certificate (what caBundle would hold).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2 Authority => _generated.Authority;

    /// <summary>Starts a server; <paramref name="configure"/> may change the options (the HTTPS port stays a free one).</summary>
    public static async Task<RunningWebhook> StartAsync(
        IReadOnlyDictionary<string, Dictionary<string, string>> namespaceLabels,
        bool strictNamespaces = false,
        string? exemptionsFile = null,
        Func<WebhookOptions, WebhookOptions>? configure = null,
        IReadOnlyList<string>? policyPaths = null,
        INamespaceLabelSource? namespaceSource = null,
        ILoggerProvider? logs = null,
        IAutoscalerSource? autoscalerSource = null)
    {
        var generated = SelfSignedCertificates.Create(["localhost"]);
        var certificate = ServingCertificate.FromCertificate(generated.ServingCertificate, "self-signed", NullLogger.Instance);
        var policies = new PolicySetProvider(
            () =>
            {
                var (set, exemptions, problems) = PolicySources.Load(policyPaths ?? [], exemptionsFile);
                return PolicyLoadOutcome.From(set, exemptions, problems);
            },
            [],
            NullLogger.Instance,
            TimeProvider.System);
        policies.LoadInitial().Should().BeEmpty();
        var options = new WebhookOptions { Address = "127.0.0.1", Port = 0, SelfSigned = true };
        var app = WebhookServer.Build(configure?.Invoke(options) ?? options, policies,
            namespaceSource ?? new StaticNamespaceLabels(namespaceLabels, strictNamespaces), autoscalerSource ?? StaticAutoscalers.None, certificate, logging =>
            {
                logging.SetMinimumLevel(LogLevel.Warning);
                if (logs is not null)
                {
                    logging.AddProvider(logs);
                }
            });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal));
        var client = WebhookFixture.CreateClient(generated.Authority, new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)));
        return new RunningWebhook(app, policies, certificate, generated, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _policies.Dispose();
        _certificate.Dispose();
        _generated.Dispose();
    }
}
