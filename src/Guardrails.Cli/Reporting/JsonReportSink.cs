using System.Text.Json;
using Guardrails.Cli.Spooling;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// The JSON report written as the check goes: each object, skipped document and input error is serialized as soon as
/// its part is judged and spooled in input order (<see cref="SpooledReport"/>); the document, which opens with its
/// summary, is written at the end. The bytes are those of <see cref="JsonReportWriter"/>.
/// </summary>
/// <param name="open">Opens the output, at the end of the check.</param>
/// <param name="spools">Makes the temporary files.</param>
internal sealed class JsonReportSink(Func<Stream> open, Func<TempSpool> spools) : IReportSink, IDisposable
{
    // The depth of the document's long arrays' elements: the root object, then the array.
    private const int ElementDepth = 2;

    private CheckStart? _start;
    private SpooledReport? _report;
    private SpoolSection? _objects;
    private SpoolSection? _skipped;
    private SpoolSection? _errors;

    public Exception? Failure => _report?.Failure;

    public void Begin(CheckStart start)
    {
        _start = start;
        _report = new SpooledReport(start.Files, spools);
        _objects = _report.Section(",");
        _skipped = _report.Section(",");
        _errors = _report.Section(",");
    }

    public void Judged(int input, FileReport part)
    {
        var options = JsonReportWriter.WriterOptions;
        var objects = JsonFragment.Of(options, ElementDepth, w =>
        {
            foreach (var item in part.Objects)
            {
                JsonReportWriter.WriteObject(w, item);
            }
        });
        var skipped = JsonFragment.Of(options, ElementDepth, w =>
        {
            foreach (var document in part.Skipped)
            {
                JsonReportWriter.WriteSkipped(w, document);
            }
        });
        var errors = JsonFragment.Of(options, ElementDepth, w =>
        {
            foreach (var problem in part.Problems)
            {
                JsonReportWriter.WriteError(w, problem);
            }
        });
        Report.Add(input, objects.Length + skipped.Length + errors.Length, () =>
        {
            _objects!.Append(objects);
            _skipped!.Append(skipped);
            _errors!.Append(errors);
        });
    }

    public void Completed(int input, string file) => Report.Complete(input);

    public void End(CheckEnd end)
    {
        var start = _start ?? throw new InvalidOperationException("the report has not begun");
        using var skeleton = new MemoryStream();
        using (var writer = new Utf8JsonWriter(skeleton, JsonReportWriter.WriterOptions))
        {
            JsonReportWriter.WriteDocument(writer, ReportHead.Of(start, end), w => Place(w, _objects!), w => Place(w, _skipped!), w => Place(w, _errors!));
        }

        skeleton.WriteByte((byte)'\n');
        Report.Finish(open, skeleton.ToArray());
    }

    public void Dispose() => _report?.Dispose();

    private SpooledReport Report => _report ?? throw new InvalidOperationException("the report has not begun");

    private static void Place(Utf8JsonWriter writer, SpoolSection section)
    {
        if (!section.IsEmpty)
        {
            writer.WriteStringValue(section.Marker);
        }
    }
}
