using System.Text.Json;
using Guardrails.Cli.Reading;
using Guardrails.Cli.Spooling;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// The SARIF log written as the check goes: each object's results are serialized as soon as its part is judged and
/// spooled in input order (<see cref="SpooledReport"/>), and so are the notifications of each input once it is complete
/// (its problems and skipped documents come before its objects' errors, as in the whole log). The rules table comes from
/// the policy set alone. The log, which opens with whether the run succeeded, is written at the end; its bytes are those
/// of <see cref="SarifReportWriter"/>.
/// </summary>
/// <param name="open">Opens the output, at the end of the check.</param>
/// <param name="spools">Makes the temporary files.</param>
/// <param name="sourceRoot">The folder relative input paths are resolved against.</param>
internal sealed class SarifReportSink(Func<Stream> open, Func<TempSpool> spools, string sourceRoot) : IReportSink, IDisposable
{
    // Root object, runs, the run, results: results sit at depth 4.
    private const int ResultDepth = 4;

    // Root object, runs, the run, invocations, the invocation, toolExecutionNotifications.
    private const int NotificationDepth = 6;

    private CheckStart? _start;
    private SarifReportWriter.RuleIndex? _rules;
    private SpooledReport? _report;
    private SpoolSection? _notifications;
    private SpoolSection? _results;
    private InputNotes?[] _inputs = [];

    public Exception? Failure => _report?.Failure;

    public void Begin(CheckStart start)
    {
        _start = start;
        _rules = SarifReportWriter.RuleIndex.Of(start.Policies);
        _inputs = new InputNotes?[start.Files];
        _report = new SpooledReport(start.Files, spools);
        _notifications = _report.Section(",");
        _results = _report.Section(",");
    }

    public void Judged(int input, FileReport part)
    {
        var rules = _rules!;
        var notes = _inputs[input] ??= new InputNotes();
        notes.Problems.AddRange(part.Problems);
        notes.Skipped.AddRange(part.Skipped);
        if (part.Objects.Any(o => o.Result.Errors.Count > 0))
        {
            notes.Errors.Add(Fragment(NotificationDepth, w =>
            {
                foreach (var item in part.Objects)
                {
                    SarifReportWriter.WriteErrorNotifications(w, item, rules);
                }
            }));
        }

        var results = Fragment(ResultDepth, w =>
        {
            foreach (var item in part.Objects)
            {
                SarifReportWriter.WriteResults(w, item, rules);
            }
        });
        Report.Add(input, results.Length, () => _results!.Append(results));
    }

    public void Completed(int input, string file)
    {
        var notes = _inputs[input];
        _inputs[input] = null;
        if (notes is not null)
        {
            var first = Fragment(NotificationDepth, w => SarifReportWriter.WriteInputNotifications(w, notes.Problems, notes.Skipped));
            Report.Add(input, first.Length + notes.Errors.Sum(e => (long)e.Length), () =>
            {
                _notifications!.Append(first);
                foreach (var errors in notes.Errors)
                {
                    _notifications.Append(errors);
                }
            });
        }

        Report.Complete(input);
    }

    public void End(CheckEnd end)
    {
        var start = _start ?? throw new InvalidOperationException("the report has not begun");
        using var skeleton = new MemoryStream();
        using (var writer = new Utf8JsonWriter(skeleton, SarifReportWriter.WriterOptions))
        {
            SarifReportWriter.WriteLog(writer, ReportHead.Of(start, end), sourceRoot, w => Place(w, _notifications!), w => Place(w, _results!));
        }

        skeleton.WriteByte((byte)'\n');
        Report.Finish(open, skeleton.ToArray());
    }

    public void Dispose() => _report?.Dispose();

    private SpooledReport Report => _report ?? throw new InvalidOperationException("the report has not begun");

    private static byte[] Fragment(int depth, Action<Utf8JsonWriter> write) => JsonFragment.Of(SarifReportWriter.WriterOptions, depth, write);

    private static void Place(Utf8JsonWriter writer, SpoolSection section)
    {
        if (!section.IsEmpty)
        {
            writer.WriteStringValue(section.Marker);
        }
    }

    // What of one input must wait for its end: its problems and skipped documents come before its objects' errors.
    private sealed class InputNotes
    {
        public List<InputProblem> Problems { get; } = [];

        public List<SkippedDocument> Skipped { get; } = [];

        public List<byte[]> Errors { get; } = [];
    }
}
