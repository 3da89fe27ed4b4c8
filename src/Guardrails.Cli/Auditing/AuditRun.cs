using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Hosts;
using Guardrails.Webhook.Audit;

namespace Guardrails.Cli.Auditing;

/// <summary>One <c>guardrails audit</c>: the library's <see cref="ClusterAudit"/> judges the cluster page by page; each page goes to the sinks and is counted against <c>--fail-on</c>.</summary>
internal sealed class AuditRun(ClusterAudit audit, PolicyEngine engine, AuditCommandOptions options, string policySource, IReadOnlyList<IAuditSink> sinks)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var failing = 0;
        var start = new AuditStart(engine.Policies, policySource, engine.Revision, audit.Cluster, options.Namespace, options.Selector, options.AsDeny, options.FailOn, options.OwnerLabel, ClusterAudit.NotAudited(engine.Policies));
        foreach (var sink in sinks)
        {
            sink.Begin(start);
        }

        var summary = await audit.RunAsync(engine, options.ToAuditOptions(), objects =>
        {
            failing += objects.Count(item => Verdict.Fails(item.Result, options.FailOn));
            foreach (var sink in sinks)
            {
                sink.Judged(objects);
            }
        }, cancellationToken).ConfigureAwait(false);

        var exitCode = summary.Errored > 0 ? ExitCodes.InputError : failing > 0 ? ExitCodes.Violations : ExitCodes.Success;
        foreach (var sink in sinks)
        {
            sink.End(new AuditEnd(summary, failing, exitCode));
        }

        return exitCode;
    }
}
