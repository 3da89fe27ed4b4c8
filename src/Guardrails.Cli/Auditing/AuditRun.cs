using Guardrails.Engine.Autoscaling;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Hosts;
using Guardrails.Webhook.Audit;
using Guardrails.Webhook.Cluster;

namespace Guardrails.Cli.Auditing;

/// <summary>One audit: reads the cluster, judges each page, passes it to the sinks (and the policy reports), counts it.</summary>
internal sealed class AuditRun(ClusterApi api, PolicyEngine engine, AuditCommandOptions options, string policySource, IReadOnlyList<IAuditSink> sinks)
{
    // The kinds an autoscaler scales: a policy that matches one of them may need the autoscalers' facts.
    private static readonly HashSet<string> ScaledKinds = new(StringComparer.Ordinal) { "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController" };

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var rest = new ClusterRest(api, options.Timeout);
        var lister = new ClusterObjectLister(rest, options.PageSize);
        var (resources, notAudited) = AuditResources.For(engine.Policies);
        var judged = new HashSet<string>(resources.Select(r => r.Kind), StringComparer.Ordinal);
        var scope = new AuditScope(resources, options.Namespace, options.Selector, resources.Any(r => ScaledKinds.Contains(r.Kind)));
        var judge = new AuditJudge(engine, judged, options.AsDeny, options.OwnerLabel);
        var summary = new AuditSummaryBuilder(options.OwnerLabel);
        var reports = options.WriteReports ? new PolicyReportPublisher(rest, engine.Policies, TimeProvider.System) : null;
        var failing = 0;

        var start = new AuditStart(engine.Policies, policySource, engine.Revision, api.Host, options.Namespace, options.Selector, options.AsDeny, options.FailOn, options.OwnerLabel, notAudited);
        foreach (var sink in sinks)
        {
            sink.Begin(start);
        }

        IReadOnlyDictionary<string, string> labels = new Dictionary<string, string>();
        IReadOnlyList<Autoscaler> autoscalers = [];
        string? current = null;
        await foreach (var next in new ClusterAuditReader(rest, lister).ReadAsync(scope, cancellationToken).ConfigureAwait(false))
        {
            switch (next)
            {
                case ScopeStarted started:
                    (current, labels, autoscalers) = (started.Namespace, started.Labels, started.Autoscalers);
                    summary.AddScope(current);
                    reports?.Begin(current);
                    break;
                case PageRead read:
                    var page = JudgePage(judge, read, current, labels, autoscalers);
                    var objects = new List<AuditedObject>(page.Length);
                    foreach (var item in page)
                    {
                        if (item is null)
                        {
                            summary.AddReportedAtOwner();
                            continue;
                        }

                        objects.Add(item);
                        summary.Add(item);
                        failing += Verdict.Fails(item.Result, options.FailOn) ? 1 : 0;
                        reports?.Add(item);
                    }

                    foreach (var sink in sinks)
                    {
                        sink.Judged(objects);
                    }

                    break;
                case ScopeEnded ended:
                    if (reports is not null)
                    {
                        await reports.PublishAsync(ended.Namespace, cancellationToken).ConfigureAwait(false);
                    }

                    break;
            }
        }

        var built = summary.Build();
        var exitCode = built.Errored > 0 ? ExitCodes.InputError : failing > 0 ? ExitCodes.Violations : ExitCodes.Success;
        foreach (var sink in sinks)
        {
            sink.End(new AuditEnd(built, failing, exitCode));
        }

        return exitCode;
    }

    // A page is judged on every core; the verdicts keep the page's order.
    private static AuditedObject?[] JudgePage(AuditJudge judge, PageRead read, string? namespaceName, IReadOnlyDictionary<string, string> labels, IReadOnlyList<Autoscaler> autoscalers)
    {
        var items = read.Page.Items;
        var verdicts = new AuditedObject?[items.Count];
        Parallel.For(0, items.Count, i => verdicts[i] = judge.Judge(items[i], read.Resource, namespaceName, labels, autoscalers));
        return verdicts;
    }

}
