using Guardrails.Engine.Autoscaling;
using Guardrails.Engine.Evaluation;

namespace Guardrails.Webhook.Audit;

/// <summary>
/// One audit of the cluster: reads it scope by scope and page by page (<see cref="ClusterAuditReader"/>), judges each page on
/// every core (<see cref="AuditJudge"/>), hands the verdicts to the caller and to the policy reports, and forgets them; the
/// summary keeps counts only. Shared by <c>guardrails audit</c> (through <see cref="ClusterAudit"/>) and the background audit.
/// </summary>
internal sealed class AuditPass(ClusterRest rest, PolicyEngine engine, ClusterAuditOptions options, TimeProvider time)
{
    // The kinds an autoscaler scales: a policy that matches one of them may need the autoscalers' facts.
    private static readonly HashSet<string> ScaledKinds = new(StringComparer.Ordinal) { "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController" };

    /// <summary>Policy reports written and deleted by the last run (zero without <see cref="ClusterAuditOptions.WriteReports"/>).</summary>
    public (int Written, int Deleted) Reports { get; private set; }

    /// <summary>Runs the audit; <paramref name="judged"/> receives each page's verdicts, in the API server's order, from one thread.</summary>
    public async Task<AuditSummary> RunAsync(Action<IReadOnlyList<AuditedObject>> judged, CancellationToken cancellationToken)
    {
        var resources = AuditResources.For(engine.Policies).Listed;
        var scope = new AuditScope(resources, options.Namespace, options.LabelSelector, resources.Any(r => ScaledKinds.Contains(r.Kind)));
        var judge = new AuditJudge(engine, new HashSet<string>(resources.Select(r => r.Kind), StringComparer.Ordinal), options.AsDeny, options.OwnerLabel);
        var summary = new AuditSummaryBuilder(options.OwnerLabel);
        var reports = options.WriteReports ? new PolicyReportPublisher(rest, engine.Policies, time) : null;
        var lister = new ClusterObjectLister(rest, options.PageSize);

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
                    var objects = new List<AuditedObject>(read.Page.Items.Count);
                    foreach (var item in JudgePage(judge, read, current, labels, autoscalers))
                    {
                        if (item is null)
                        {
                            summary.AddReportedAtOwner();
                            continue;
                        }

                        objects.Add(item);
                        summary.Add(item);
                        reports?.Add(item);
                    }

                    judged(objects);
                    break;
                case ScopeEnded ended when reports is not null:
                    await reports.PublishAsync(ended.Namespace, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        Reports = reports is null ? (0, 0) : (reports.Written, reports.Deleted);
        return summary.Build();
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
