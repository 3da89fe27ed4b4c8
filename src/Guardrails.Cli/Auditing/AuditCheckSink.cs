using Guardrails.Cli.Reporting;
using Guardrails.Webhook.Audit;
using Guardrails.Yaml;

namespace Guardrails.Cli.Auditing;

/// <summary>
/// An audit written through one of check's report sinks (SARIF, JUnit): the cluster is one input whose parts are the
/// audit's pages, and each object is placed at its API path (<c>apis/apps/v1/namespaces/web/deployments/api</c>), line 1.
/// </summary>
internal sealed class AuditCheckSink(IReportSink sink) : IAuditSink, IDisposable
{
    private static readonly SourcePosition Top = new(1, 1);
    private CheckTally _tally = CheckTally.None;
    private AuditStart? _start;

    public Exception? Failure => sink.Failure;

    public void Begin(AuditStart start)
    {
        _start = start;
        sink.Begin(new CheckStart(start.Policies, start.PolicySource, start.Revision, start.FailOn, 1, [], []));
    }

    public void Judged(IReadOnlyList<AuditedObject> objects)
    {
        var part = new FileReport(Input, [.. objects.Select(ReportOf)], [], []);
        _tally = _tally.Add(CheckTally.Of(part));
        sink.Judged(0, part);
    }

    public void End(AuditEnd end)
    {
        var start = _start ?? throw new InvalidOperationException("the report has not begun");
        sink.Completed(0, Input);
        sink.End(new CheckEnd([], [], CheckSummary.Of(1, _tally, start.FailOn)));
    }

    public void Dispose() => (sink as IDisposable)?.Dispose();

    private string Input => _start?.Cluster ?? "cluster";

    private static ObjectReport ReportOf(AuditedObject item) => new(
        item.ApiPath,
        0,
        string.Empty,
        Top,
        item.ApiVersion,
        item.Kind,
        item.Namespace,
        item.Name,
        item.Result,
        [.. item.Result.Violations.Select(v => new Finding(v, Top))],
        [.. item.Result.Exemptions.Select(e => new ExemptionFinding(e, Top))]);
}
