using Guardrails.Cli.PolicySets;
using Guardrails.Cli.Reporting;
using Guardrails.Cli.Spooling;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Hosts;
using Guardrails.Engine.Policies;
using Guardrails.Webhook.Audit;
using Guardrails.Webhook.Cluster;
using k8s;

namespace Guardrails.Cli.Auditing;

/// <summary>
/// Runs <c>guardrails audit</c>: connects as <c>serve</c> does (<see cref="ClusterConnection"/>), reads the cluster scope by
/// scope and page by page (<see cref="ClusterAuditReader"/>), judges each page on every core (<see cref="AuditJudge"/>),
/// hands it to the reports and forgets it; the summary keeps counts only. Any failure to read the cluster ends the run with
/// one line and exit code 2: never an empty report that reads as a pass.
/// </summary>
internal static class AuditRunner
{
    public static async Task<int> RunAsync(AuditCommandOptions options, PolicySet policySet, ExemptionSet? exemptionSet, Func<Stream> standardOutput, TextWriter errors, TextStyle consoleStyle, CancellationToken cancellationToken)
    {
        var (targets, targetErrors) = ReportTargets.Resolve(options.Formats, options.Outputs);
        var usage = targetErrors.ToList();
        if (options.PageSize <= 0)
        {
            usage.Add($"--page-size must be a positive number, not {options.PageSize}");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            usage.Add("--timeout-seconds must be more than 0");
        }

        if (options.WriteReports && options.Selector is not null)
        {
            usage.Add("--write-reports cannot be used with --selector: a namespace's PolicyReport is replaced whole, and would lose the results of the objects the selector leaves out");
        }

        if (usage.Count > 0)
        {
            foreach (var problem in usage)
            {
                errors.WriteLine($"error: {problem}");
            }

            return ExitCodes.InputError;
        }

        KubernetesClientConfiguration configuration;
        try
        {
            configuration = ClusterConnection.Load(options.Kubeconfig);
        }
        catch (Exception ex) when (ex is k8s.Exceptions.KubeConfigException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: no cluster: cannot read {ClusterConnection.Describe(options.Kubeconfig)}: {ReportText.Escape(ex.Message)}");
            return ExitCodes.InputError;
        }

        // The client's own limit stays above the audit's, so that the audit's message (which names the call) is the one seen.
        configuration.HttpClientTimeout = options.Timeout + TimeSpan.FromSeconds(5);
        using var api = new ClusterApi(configuration);
        var engine = new PolicyEngine(policySet, exemptionSet);
        var sinks = new List<(ReportTarget Target, IAuditSink Sink)>();
        try
        {
            foreach (var target in targets)
            {
                var stream = Open(target, standardOutput, errors);
                if (stream is null)
                {
                    return ExitCodes.InputError;
                }

                sinks.Add((target, target.Format switch
                {
                    ReportFormat.Text => new AuditTextWriter(ReportWriters.TextOutput(stream), target.Path is null ? consoleStyle : TextStyle.Plain),
                    ReportFormat.Json => new AuditJsonWriter(stream),
                    ReportFormat.Sarif => new AuditCheckSink(new SarifReportSink(() => stream, () => TempSpool.Create(), Environment.CurrentDirectory)),
                    _ => new AuditCheckSink(new JUnitReportSink(() => stream, () => TempSpool.Create())),
                }));
            }

            var run = new AuditRun(api, engine, options, PolicySelection.Describe(options.Policies), [.. sinks.Select(s => s.Sink)]);
            int exitCode;
            try
            {
                exitCode = await run.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ClusterApiException ex)
            {
                errors.WriteLine($"error: {ReportText.Escape(ex.Message)}");
                return ExitCodes.InputError;
            }

            foreach (var (target, sink) in sinks)
            {
                if (sink.Failure is { } failure)
                {
                    errors.WriteLine($"error: cannot write {target.Path ?? "standard output"}: {ReportText.Escape(failure.Message)}");
                    return ExitCodes.InputError;
                }
            }

            return exitCode;
        }
        finally
        {
            foreach (var (_, sink) in sinks)
            {
                (sink as IDisposable)?.Dispose();
            }
        }
    }

    private static Stream? Open(ReportTarget target, Func<Stream> standardOutput, TextWriter errors)
    {
        try
        {
            return target.Path is null ? standardOutput() : File.Create(target.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: cannot write {target.Path ?? "standard output"}: {ex.Message}");
            return null;
        }
    }
}
