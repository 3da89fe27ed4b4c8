using Guardrails.Cli.PolicySets;
using Guardrails.Cli.Reporting;
using Guardrails.Cli.Spooling;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Policies;
using Guardrails.Webhook.Audit;

namespace Guardrails.Cli.Auditing;

/// <summary>
/// Runs <c>guardrails audit</c>: connects as <c>serve</c> does and audits through the webhook library's
/// <see cref="ClusterAudit"/>, which reads the cluster page by page and judges each page on every core; each page goes to
/// the reports and is forgotten, the summary keeps counts only. Any failure to read the cluster ends the run with
/// one line and exit code 2: never an empty report that reads as a pass.
/// </summary>
internal static class AuditRunner
{
    public static async Task<int> RunAsync(AuditCommandOptions options, PolicySet policySet, ExemptionSet? exemptionSet, Func<Stream> standardOutput, TextWriter errors, TextStyle consoleStyle, CancellationToken cancellationToken)
    {
        var (targets, targetErrors) = ReportTargets.Resolve(options.Formats, options.Outputs);
        if ((string[])[.. targetErrors, .. options.ToAuditOptions().Validate()] is { Length: > 0 } usage)
        {
            foreach (var problem in usage)
            {
                errors.WriteLine($"error: {problem}");
            }

            return ExitCodes.InputError;
        }

        ClusterAudit audit;
        try
        {
            audit = ClusterAudit.Connect(options.Kubeconfig, options.Timeout);
        }
        catch (ClusterAuditException ex)
        {
            errors.WriteLine($"error: {ReportText.Escape(ex.Message)}");
            return ExitCodes.InputError;
        }

        using var connection = audit;
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

            var run = new AuditRun(audit, engine, options, PolicySelection.Describe(options.Policies), [.. sinks.Select(s => s.Sink)]);
            int exitCode;
            try
            {
                exitCode = await run.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ClusterAuditException ex)
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
