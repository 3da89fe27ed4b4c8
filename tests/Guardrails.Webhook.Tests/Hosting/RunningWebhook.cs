using Guardrails.Cli.PolicySets;
using Guardrails.Webhook.Autoscalers;
using Guardrails.Webhook.Cluster;
using Guardrails.Webhook.Hosting;
using Guardrails.Webhook.Namespaces;
using Guardrails.Webhook.PolicyReload;
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
    private readonly ServingCertificate _certificate;
    private readonly SelfSignedCertificate _generated;

    private RunningWebhook(WebApplication app, ServingCertificate certificate, SelfSignedCertificate generated, HttpClient client)
    {
        _app = app;
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
        IAutoscalerSource? autoscalerSource = null,
        Action<WebApplication>? mapMore = null,
        Action<WebApplicationBuilder>? configureApp = null)
    {
        var generated = SelfSignedCertificates.Create(["localhost"]);
        var certificate = ServingCertificate.FromCertificate(generated.ServingCertificate, "self-signed", NullLogger.Instance);
        var builder = GuardrailsWebhookApplication.CreateBuilder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddGuardrailsWebhook(options =>
        {
            var defaults = new WebhookOptions { Address = "127.0.0.1", Port = 0, SelfSigned = true };
            var configured = configure?.Invoke(defaults) ?? defaults;
            CopyTo(configured, options);
            options.LoadPolicies = () =>
            {
                var (set, exemptions, problems) = PolicySelection.Load(policyPaths ?? [], exemptionsFile);
                return EngineLoadResult.From(set, exemptions, problems);
            };
            options.UseCluster = false;
            options.NamespaceLabels = namespaceLabels;
            options.StrictNamespaces = strictNamespaces;
        });

        // The test's certificate (its client trusts the CA), and sources the test runs itself.
        builder.Services.AddSingleton(certificate);
        if (namespaceSource is not null)
        {
            builder.Services.AddSingleton(namespaceSource);
            builder.Services.Remove(builder.Services.Single(service => service.ImplementationType == typeof(ClusterCacheService<INamespaceLabelSource>)));
        }

        if (autoscalerSource is not null)
        {
            builder.Services.AddSingleton(autoscalerSource);
            builder.Services.Remove(builder.Services.Single(service => service.ImplementationType == typeof(ClusterCacheService<IAutoscalerSource>)));
        }

        configureApp?.Invoke(builder);
        var app = builder.Build();
        app.MapGuardrailsWebhook();
        mapMore?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal));
        var client = WebhookFixture.CreateClient(generated.Authority, new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)));
        return new RunningWebhook(app, certificate, generated, client);
    }

    // The options as the test's configure left them, into the instance the options pattern made.
    private static void CopyTo(WebhookOptions from, WebhookOptions to)
    {
        to.Address = from.Address;
        to.Port = from.Port;
        to.MetricsPort = from.MetricsPort;
        to.BreakGlass = from.BreakGlass;
        to.SelfSigned = from.SelfSigned;
        to.MaxRequestBytes = from.MaxRequestBytes;
        to.EvaluationTimeout = from.EvaluationTimeout;
        to.DrainPeriod = from.DrainPeriod;
        to.ShutdownTimeout = from.ShutdownTimeout;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
        _generated.Dispose();
    }
}
