using System.Net;
using Guardrails.Webhook.Autoscalers;
using Guardrails.Webhook.BackgroundAudit;
using Guardrails.Webhook.Cluster;
using Guardrails.Webhook.Namespaces;
using Guardrails.Webhook.PolicyReload;
using Guardrails.Webhook.Telemetry;
using Guardrails.Webhook.Tls;
using k8s;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Guardrails.Webhook.Hosting;

/// <summary>Adds the Guardrails admission webhook to a web application's services.</summary>
public static class GuardrailsWebhookServiceCollectionExtensions
{
    private const string AspNetCoreHostingSource = "Microsoft.AspNetCore";

    /// <summary>
    /// Adds the admission webhook: Kestrel over HTTPS on <see cref="WebhookOptions.Address"/> and
    /// <see cref="WebhookOptions.Port"/> (and the plain metrics port), the policy set (loaded at start, watched and
    /// reloaded), the namespace-label and HorizontalPodAutoscaler sources (cluster caches run as hosted services, or
    /// static ones), the background audit when its interval is set (one replica at a time, through a Lease), the serving certificate (reloaded when its files change), readiness and the SIGTERM drain as the
    /// host's lifetime, and OpenTelemetry metrics (traces too when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set). The
    /// options are validated when the host starts; any reason the webhook cannot start is a
    /// <see cref="WebhookStartException"/>. Map the endpoints with
    /// <see cref="GuardrailsWebhookEndpointExtensions.MapGuardrailsWebhook{TBuilder}"/>.
    /// </summary>
    /// <param name="services">The web application's services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddGuardrailsWebhook(this IServiceCollection services, Action<WebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<WebhookOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<WebhookOptions>>().Value);
        services.AddOptions<HostOptions>().Configure<WebhookOptions>((host, options) => host.ShutdownTimeout = options.ShutdownTimeout);
        services.AddOptions<KestrelServerOptions>().Configure<WebhookOptions, IServiceProvider>(ConfigureKestrel);

        services.TryAddSingleton<ReadinessState>();
        services.TryAddSingleton<WebhookTelemetry>();
        services.AddSingleton<IHostLifetime, DrainingLifetime>();
        AddSources(services);
        services.TryAddSingleton(provider => new AdmissionHandler(
            () => provider.GetRequiredService<PolicySetProvider>().Current?.Engine,
            provider.GetRequiredService<INamespaceLabelSource>(),
            provider.GetRequiredService<IAutoscalerSource>(),
            provider.GetRequiredService<WebhookTelemetry>(),
            provider.GetRequiredService<WebhookOptions>(),
            provider.GetRequiredService<ILogger<AdmissionHandler>>()));

        // Registered in this order, they start in this order: the start-up first (policies, cluster, certificate).
        services.AddHostedService<WebhookStartup>();
        services.AddHostedService<ClusterCacheService<INamespaceLabelSource>>();
        services.AddHostedService<ClusterCacheService<IAutoscalerSource>>();
        services.AddHostedService(provider => new BackgroundAuditService(
            provider,
            provider.GetRequiredService<WebhookOptions>().Audit,
            provider.GetRequiredService<WebhookTelemetry>(),
            provider.GetRequiredService<ILogger<BackgroundAuditService>>(),
            TimeProvider.System));
        AddTelemetry(services);
        return services;
    }

    private static void AddSources(IServiceCollection services)
    {
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<WebhookOptions>();
            return new PolicySetProvider(options.LoadPolicies!, options.PolicyFiles, provider.GetRequiredService<ILogger<PolicySetProvider>>(), TimeProvider.System);
        });
        services.TryAddSingleton(provider => ClusterConnection.Load(provider.GetRequiredService<WebhookOptions>().Kubeconfig));
        services.TryAddSingleton<INamespaceLabelSource>(provider =>
        {
            var options = provider.GetRequiredService<WebhookOptions>();
            return options.UseCluster
                ? new ClusterNamespaceLabels(provider.GetRequiredService<KubernetesClientConfiguration>(), provider.GetRequiredService<ILogger<ClusterNamespaceLabels>>())
                : new StaticNamespaceLabels(options.NamespaceLabels, options.StrictNamespaces);
        });
        services.TryAddSingleton<IAutoscalerSource>(provider =>
            provider.GetRequiredService<WebhookOptions>().UseCluster
                ? new ClusterAutoscalers(provider.GetRequiredService<KubernetesClientConfiguration>(), provider.GetRequiredService<ILogger<ClusterAutoscalers>>())
                : StaticAutoscalers.None);
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<WebhookOptions>();
            var logger = provider.GetRequiredService<ILogger<ServingCertificate>>();
            return options.SelfSigned ? SelfSigned(options, logger) : ServingCertificate.FromFiles(options.CertificateFile!, options.KeyFile!, logger);
        });
    }

    private static ServingCertificate SelfSigned(WebhookOptions options, ILogger<ServingCertificate> logger)
    {
        var generated = SelfSignedCertificates.Create(options.SelfSignedNames);
        if (options.SelfSignedOutput is { } folder)
        {
            generated.WriteTo(folder);
        }

        Console.Out.WriteLine("# guardrails: self-signed CA for local use. Put this into caBundle of the webhook configurations:");
        Console.Out.WriteLine($"caBundle: {generated.CaBundleBase64}");
        return ServingCertificate.FromCertificate(generated.ServingCertificate, "self-signed", logger);
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, WebhookOptions options, IServiceProvider services)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
        // The certificate is read at each handshake: it is loaded by the start-up, after this runs.
        kestrel.Listen(IPAddress.Parse(options.Address), options.Port, listen => KestrelTls.Configure(listen, services.GetRequiredService<ServingCertificate>));
        if (options.MetricsPort is { } metricsPort)
        {
            kestrel.Listen(IPAddress.Parse(options.Address), metricsPort);
        }
    }

    private static void AddTelemetry(IServiceCollection services)
    {
        var otlp = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("guardrails", serviceVersion: typeof(WebhookStartup).Assembly.GetName().Version?.ToString(3)))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(WebhookTelemetry.Name).AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            // Spans are only worth recording when they go somewhere. The host's own request span is listened to as
            // well: it carries the API server's traceparent, and without a listener on it the admission span would
            // be the child of an unsampled parent and never recorded.
            telemetry.WithTracing(tracing => tracing.AddSource(AspNetCoreHostingSource, WebhookTelemetry.Name).AddOtlpExporter());
        }
    }
}
