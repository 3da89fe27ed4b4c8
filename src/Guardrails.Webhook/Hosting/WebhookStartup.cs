using Guardrails.Webhook.Autoscalers;
using Guardrails.Webhook.Namespaces;
using Guardrails.Webhook.PolicyReload;
using Guardrails.Webhook.Telemetry;
using Guardrails.Webhook.Tls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// The webhook's start, before the server listens: the policies are loaded (and watched), the cluster configuration
/// is read, the serving certificate is loaded (and watched), in that order, each failure a
/// <see cref="WebhookStartException"/>; once the server listens, the start-up line is logged. Once the host has stopped
/// (the server has finished its requests), the policy and certificate watches stop. The cluster caches run as their own
/// hosted services (<see cref="Cluster.ClusterCacheService{TSource}"/>).
/// </summary>
internal sealed partial class WebhookStartup(IServiceProvider services, WebhookOptions options, ILoggerFactory loggers) : IHostedLifecycleService
{
    private PolicySetProvider? _policies;
    private ServingCertificate? _certificate;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        LoadPolicies();
        ConnectToCluster();
        LoadCertificate();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Guardrails.Serve");
#pragma warning disable CA1873 // Once per start.
        LogStarting(logger, options.Address, options.Port, options.PolicySourceDescription, services.GetRequiredService<PolicySetProvider>().Current!.Revision,
            services.GetRequiredService<INamespaceLabelSource>().Description, services.GetRequiredService<IAutoscalerSource>().Description);
#pragma warning restore CA1873
        if (options.BreakGlass)
        {
            LogBreakGlass(logger);
        }

        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        _policies?.Dispose();
        _certificate?.Dispose();
        return Task.CompletedTask;
    }

    private void LoadPolicies()
    {
        var policies = _policies = services.GetRequiredService<PolicySetProvider>();
        var telemetry = services.GetRequiredService<WebhookTelemetry>();
        policies.Reloaded += result => telemetry.RecordPolicyReload(result.ToString().ToLowerInvariant());
        policies.Removed += removal => telemetry.RecordPolicyRemoval(removal.Policies.Count, removal.Rules.Count);
        telemetry.ObservePolicyCount(() => policies.Current?.Engine.Policies.Policies.Count);
        var problems = policies.LoadInitial();
        if (problems.Count == 0 && policies.Current is null)
        {
            throw new WebhookStartException("the policies do not load (the loader gave no policy set and no problem)");
        }

        if (problems.Count > 0)
        {
            throw new WebhookStartException(
                $"the policies do not load ({problems.Count} problem{(problems.Count == 1 ? "" : "s")})",
                [.. problems.Select(problem => problem.ToString())]);
        }
    }

    private void ConnectToCluster()
    {
        try
        {
            services.GetRequiredService<INamespaceLabelSource>();
            services.GetRequiredService<IAutoscalerSource>();
        }
        catch (Exception ex) when (ex is k8s.Exceptions.KubeConfigException or IOException or InvalidOperationException)
        {
            throw new WebhookStartException($"no cluster configuration ({ex.Message}); give --kubeconfig, run in a pod, or use --no-cluster", ex);
        }
    }

    private void LoadCertificate()
    {
        ServingCertificate certificate;
        try
        {
            certificate = _certificate = services.GetRequiredService<ServingCertificate>();
        }
        catch (CertificateLoadException ex)
        {
            throw new WebhookStartException(ex.Message, ex);
        }

        var telemetry = services.GetRequiredService<WebhookTelemetry>();
        certificate.Reloaded += (success, _) => telemetry.RecordTlsReload(success ? "success" : "failure");
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "guardrails serve: https://{Address}:{Port} policies {Source} @ {Revision}, namespaces {Namespaces}, autoscalers {Autoscalers}")]
    private static partial void LogStarting(ILogger logger, string address, int port, string source, string revision, string namespaces, string autoscalers);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "guardrails serve: break glass is on: every request is admitted; would-be denials are warnings and break-glass audit annotations")]
    private static partial void LogBreakGlass(ILogger logger);
}
