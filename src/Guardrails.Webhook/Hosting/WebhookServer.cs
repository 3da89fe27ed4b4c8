using System.Net;
using Guardrails.Webhook.Autoscalers;
using Guardrails.Webhook.Namespaces;
using Guardrails.Webhook.Policies;
using Guardrails.Webhook.Telemetry;
using Guardrails.Webhook.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// Builds the <c>guardrails serve</c> web application: Kestrel over HTTPS, <c>/validate</c>, <c>/mutate</c>,
/// <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>, OpenTelemetry, and the draining lifetime.
/// </summary>
internal static class WebhookServer
{
    private const string AspNetCoreHostingSource = "Microsoft.AspNetCore";

    public static WebApplication Build(
        WebhookOptions options,
        PolicySetProvider policies,
        INamespaceLabelSource namespaces,
        IAutoscalerSource autoscalers,
        ServingCertificate certificate,
        Action<ILoggingBuilder>? configureLogging = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // The defaults watch appsettings.json with a recursive file watcher on the working directory: in a busy
            // directory (or /) that costs CPU on every write there, and nothing here is configured by those files.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        if (configureLogging is null)
        {
            builder.Logging.AddJsonConsole(json => { json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; json.UseUtcTimestamp = true; });
        }
        else
        {
            configureLogging(builder.Logging);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            kestrel.Listen(IPAddress.Parse(options.Address), options.Port, listen => KestrelTls.Configure(listen, certificate));
            if (options.MetricsPort is { } metricsPort)
            {
                kestrel.Listen(IPAddress.Parse(options.Address), metricsPort);
            }
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(policies);
        builder.Services.AddSingleton(namespaces);
        builder.Services.AddSingleton(autoscalers);
        builder.Services.AddSingleton(certificate);
        builder.Services.AddSingleton<ReadinessState>();
        builder.Services.AddSingleton<WebhookTelemetry>();
        builder.Services.AddSingleton<IHostLifetime, DrainingLifetime>();
        builder.Services.AddSingleton(provider => new AdmissionHandler(
            () => policies.Current?.Engine,
            namespaces,
            autoscalers,
            provider.GetRequiredService<WebhookTelemetry>(),
            options,
            provider.GetRequiredService<ILogger<AdmissionHandler>>()));

        var otlp = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        var telemetryBuilder = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("guardrails", serviceVersion: typeof(WebhookServer).Assembly.GetName().Version?.ToString(3)))
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
            telemetryBuilder.WithTracing(tracing => tracing.AddSource(AspNetCoreHostingSource, WebhookTelemetry.Name).AddOtlpExporter());
        }

        var app = builder.Build();
        var telemetry = app.Services.GetRequiredService<WebhookTelemetry>();
        policies.Reloaded += result => telemetry.RecordPolicyReload(result.ToString().ToLowerInvariant());
        policies.Removed += removal => telemetry.RecordPolicyRemoval(removal.Policies.Count, removal.Rules.Count);
        telemetry.ObservePolicyCount(() => policies.Current?.Engine.Policies.Policies.Count);
        certificate.Reloaded += (success, _) => telemetry.RecordTlsReload(success ? "success" : "failure");

        var readiness = app.Services.GetRequiredService<ReadinessState>();
        app.Use(DrainingConnections.CloseWhileDraining(readiness, options.DrainPeriod / 2));
        if (options.MetricsPort is { } plainPort)
        {
            app.Use(MetricsPort.OnlyObservability(plainPort));
        }

        var handler = app.Services.GetRequiredService<AdmissionHandler>();
        app.MapPost("/validate", context => handler.HandleAsync(context, WebhookKind.Validate));
        app.MapPost("/mutate", context => handler.HandleAsync(context, WebhookKind.Mutate));
        app.MapGet("/healthz", context => context.Response.WriteAsync("ok\n", context.RequestAborted));
        app.MapGet("/readyz", context => Readiness.WriteAsync(context, policies, namespaces, autoscalers, readiness));
        app.MapPrometheusScrapingEndpoint("/metrics");
        if (options.BaselineEndpoint)
        {
            app.MapPost("/baseline", context => TransportBaseline.HandleAsync(context, options.MaxRequestBytes));
        }

        return app;
    }
}
