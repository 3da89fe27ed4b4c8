using System.Diagnostics;
using Guardrails.Webhook.Audit;
using Guardrails.Webhook.Cluster;
using Guardrails.Webhook.PolicyReload;
using Guardrails.Webhook.Telemetry;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.BackgroundAudit;

/// <summary>
/// The webhook's background audit, a hosted service: while this replica holds the Lease (tried every third of its
/// duration, renewed as often while a pass runs), it audits the cluster every interval with the policy set in force,
/// replaces the PolicyReports (<see cref="PolicyReportPublisher"/>) and publishes the pass's figures as gauges. A pass whose
/// lease is lost is stopped; a pass that fails is logged and retried at the next interval; the lease is given up at
/// shutdown so that another replica takes over at once. Does nothing when the audit is off.
/// </summary>
internal sealed class BackgroundAuditService(IServiceProvider services, BackgroundAuditOptions settings, WebhookTelemetry telemetry, ILogger<BackgroundAuditService> logger, TimeProvider time) : BackgroundService
{
    private AuditMetricsSnapshot? _last;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Interval is not { } interval)
        {
            return;
        }

        telemetry.ObserveAudit(() => Volatile.Read(ref _last));
        using var api = new ClusterApi(services.GetRequiredService<KubernetesClientConfiguration>());
        using var limiter = ApiCallRate.Limiter(settings.RequestsPerSecond);
        var leaseName = $"{settings.LeaseNamespace}/{settings.LeaseName}";
        var lease = new AuditLease(new ClusterRest(api, settings.CallTimeout), settings.LeaseNamespace, settings.LeaseName, settings.Identity, settings.LeaseDuration, time);
        var rest = new ClusterRest(api, settings.CallTimeout, limiter);
        var retry = settings.LeaseDuration / 3;
        BackgroundAuditLog.Started(logger, interval, leaseName, settings.Identity);

        var held = false;
        var due = time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                held = await HoldAsync(lease, held, leaseName, stoppingToken).ConfigureAwait(false);
                if (held && time.GetUtcNow() >= due)
                {
                    due = time.GetUtcNow() + interval;
                    held = await PassWhileHeldAsync(lease, rest, leaseName, retry, interval, stoppingToken).ConfigureAwait(false);
                }

                await Task.Delay(retry, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (held)
            {
                await ReleaseAsync(lease, leaseName).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> HoldAsync(AuditLease lease, bool held, string leaseName, CancellationToken cancellationToken)
    {
        bool now;
        try
        {
            now = await lease.TryHoldAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterApiException ex)
        {
            BackgroundAuditLog.LeaseProblem(logger, leaseName, ex.Message);
            now = false;
        }

        if (now && !held)
        {
            BackgroundAuditLog.Leading(logger, leaseName);
        }
        else if (!now && held)
        {
            BackgroundAuditLog.Following(logger, leaseName);
        }

        return now;
    }

    // One pass, with the lease renewed beside it; returns whether the lease is still held.
    private async Task<bool> PassWhileHeldAsync(AuditLease lease, ClusterRest rest, string leaseName, TimeSpan retry, TimeSpan interval, CancellationToken stoppingToken)
    {
        if (services.GetRequiredService<PolicySetProvider>().Current?.Engine is not { } engine)
        {
            return true;
        }

        using var pass = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewWhileRunningAsync(lease, leaseName, retry, pass);
        var clock = Stopwatch.StartNew();
        var metrics = new AuditMetricsBuilder(settings.MetricNamespaces);
        var run = new AuditPass(rest, engine, new ClusterAuditOptions { WriteReports = true, PageSize = settings.PageSize, Timeout = settings.CallTimeout }, time);
        try
        {
            var summary = await run.RunAsync(metrics.Add, pass.Token).ConfigureAwait(false);
            Volatile.Write(ref _last, metrics.Build(summary, Volatile.Read(ref _last)));
            telemetry.RecordAuditPass("success");
            BackgroundAuditLog.Passed(logger, summary.Objects, summary.Namespaces.Count, summary.Compliant, summary.Denied, summary.Warned, summary.Errored, run.Reports.Written, run.Reports.Deleted, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            telemetry.RecordAuditPass("abandoned");
            BackgroundAuditLog.Abandoned(logger, leaseName);
        }
        catch (ClusterApiException ex)
        {
            telemetry.RecordAuditPass("failure");
            BackgroundAuditLog.Failed(logger, ex.Message, interval);
        }
        finally
        {
            await pass.CancelAsync().ConfigureAwait(false);
        }

        return await renewing.ConfigureAwait(false);
    }

    // Renews every retry period until the pass ends (true) or another replica holds the lease, or it could not be renewed
    // for two thirds of its duration (false: the pass is cancelled).
    private async Task<bool> RenewWhileRunningAsync(AuditLease lease, string leaseName, TimeSpan retry, CancellationTokenSource pass)
    {
        var renewed = time.GetUtcNow();
        while (true)
        {
            try
            {
                await Task.Delay(retry, time, pass.Token).ConfigureAwait(false);
                if (await lease.TryHoldAsync(pass.Token).ConfigureAwait(false))
                {
                    renewed = time.GetUtcNow();
                    continue;
                }
            }
            catch (OperationCanceledException) when (pass.IsCancellationRequested)
            {
                return true;
            }
            catch (ClusterApiException ex)
            {
                BackgroundAuditLog.LeaseProblem(logger, leaseName, ex.Message);
                if (time.GetUtcNow() - renewed < retry * 2)
                {
                    continue;
                }
            }

            BackgroundAuditLog.Following(logger, leaseName);
            await pass.CancelAsync().ConfigureAwait(false);
            return false;
        }
    }

    private async Task ReleaseAsync(AuditLease lease, string leaseName)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await lease.ReleaseAsync(limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ClusterApiException or OperationCanceledException)
        {
            BackgroundAuditLog.LeaseProblem(logger, leaseName, $"not released at shutdown ({ex.Message}); another replica takes over when it expires");
        }
    }
}
