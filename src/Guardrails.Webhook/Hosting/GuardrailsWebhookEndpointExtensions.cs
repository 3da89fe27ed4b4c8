using Guardrails.Webhook.Autoscalers;
using Guardrails.Webhook.Namespaces;
using Guardrails.Webhook.PolicyReload;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrails.Webhook.Hosting;

/// <summary>Maps the Guardrails admission webhook's endpoints.</summary>
public static class GuardrailsWebhookEndpointExtensions
{
    /// <summary>
    /// Maps <c>POST /validate</c> and <c>POST /mutate</c> (admission reviews), <c>GET /healthz</c>, <c>GET /readyz</c>
    /// and <c>GET /metrics</c> (Prometheus), and adds the middleware that closes connections while draining and keeps the
    /// plain metrics port to observability. Needs
    /// <see cref="GuardrailsWebhookServiceCollectionExtensions.AddGuardrailsWebhook"/>.
    /// </summary>
    /// <typeparam name="TBuilder">The application (a <see cref="WebApplication"/>).</typeparam>
    /// <param name="app">The application.</param>
    /// <returns><paramref name="app"/>, for chaining.</returns>
    public static TBuilder MapGuardrailsWebhook<TBuilder>(this TBuilder app)
        where TBuilder : IApplicationBuilder, IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ApplicationServices;

        // Built when the host starts, after the options are validated and the start-up has loaded what they name.
        app.Use(next =>
        {
            var options = services.GetRequiredService<WebhookOptions>();
            var drain = DrainingConnections.CloseWhileDraining(services.GetRequiredService<ReadinessState>(), options.DrainPeriod / 2);
            if (options.MetricsPort is not { } plainPort)
            {
                return context => drain(context, next);
            }

            var observabilityOnly = MetricsPort.OnlyObservability(plainPort);
            RequestDelegate rest = context => observabilityOnly(context, next);
            return context => drain(context, rest);
        });

        app.MapPost("/validate", Admission(services, WebhookKind.Validate));
        app.MapPost("/mutate", Admission(services, WebhookKind.Mutate));
        app.MapGet("/healthz", context => context.Response.WriteAsync("ok\n", context.RequestAborted));
        app.MapGet("/readyz", context => Readiness.WriteAsync(
            context,
            services.GetRequiredService<PolicySetProvider>(),
            services.GetRequiredService<INamespaceLabelSource>(),
            services.GetRequiredService<IAutoscalerSource>(),
            services.GetRequiredService<ReadinessState>()));
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static RequestDelegate Admission(IServiceProvider services, WebhookKind webhook)
    {
        // Resolved at the first review, once the start-up has made the sources it judges with.
        AdmissionHandler? handler = null;
        return context => (handler ??= services.GetRequiredService<AdmissionHandler>()).HandleAsync(context, webhook);
    }
}
