using System.Text;
using Guardrails.Cli.Reading;
using Guardrails.Cli.Spooling;
using static Guardrails.Cli.Reporting.JUnitReportWriter;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// The JUnit report written as the check goes: each object's test cases are serialized as soon as its part is judged
/// and spooled in input order; when an input is complete, its suite (which opens with its counts and its input cases)
/// is put together from them in a second temporary file. The document, which opens with the totals, is written at the
/// end; its bytes are those of <see cref="JUnitReportWriter"/>.
/// </summary>
/// <param name="open">Opens the output, at the end of the check.</param>
/// <param name="spools">Makes the temporary files.</param>
internal sealed class JUnitReportSink(Func<Stream> open, Func<TempSpool> spools) : IReportSink, IDisposable
{
    // testsuites, testsuite: the cases sit at depth 2, the suites at depth 1.
    private const int CaseDepth = 2;
    private const int SuiteDepth = 1;

    private static readonly byte[] SuiteEnd = Encoding.UTF8.GetBytes($"{WriterSettings.NewLineChars}{WriterSettings.IndentChars}</testsuite>");

    private CheckStart? _start;
    private SpooledReport? _report;
    private SpoolSection? _suites;
    private SpoolSection? _cases;
    private InputNotes?[] _inputs = [];

    // Touched only as pieces are written: in input order, one at a time.
    private CaseCounts _caseCounts = CaseCounts.None;
    private CaseCounts _totals = CaseCounts.None;

    public Exception? Failure => _report?.Failure;

    public void Begin(CheckStart start)
    {
        _start = start;
        _inputs = new InputNotes?[start.Files];
        _report = new SpooledReport(start.Files, spools);
        _suites = _report.Section(string.Empty);
        _cases = new SpoolSection(spools, []);
    }

    public void Judged(int input, FileReport part)
    {
        var notes = _inputs[input] ??= new InputNotes();
        notes.Problems.AddRange(part.Problems);
        notes.Skipped.AddRange(part.Skipped);
        var cases = part.Objects.SelectMany(o => ObjectCases(o, Start.FailOn)).ToList();
        var counts = CaseCounts.Of(cases);
        var bytes = XmlFragment.Of(CaseDepth, w =>
        {
            foreach (var testCase in cases)
            {
                WriteCase(w, testCase);
            }
        });
        Report.Add(input, bytes.Length, () =>
        {
            _cases!.Append(bytes);
            _caseCounts = _caseCounts.Add(counts);
        });
    }

    public void Completed(int input, string file)
    {
        var notes = _inputs[input];
        _inputs[input] = null;
        var inputCases = InputCases(file, notes?.Problems ?? [], notes?.Skipped ?? []).ToList();
        Report.Add(input, 0, () => WriteInputSuite(file, inputCases));
        Report.Complete(input);
    }

    public void End(CheckEnd end)
    {
        var head = ReportHead.Of(Start, end);
        var inputs = SuiteOfInputs(head);
        var totals = inputs is null ? _totals : _totals.Add(CaseCounts.Of(inputs.Cases));
        using var skeleton = new MemoryStream();
        WriteDocument(skeleton, totals, inputs, w =>
        {
            if (!_suites!.IsEmpty)
            {
                w.WriteComment(_suites.Marker);
            }
        });
        Report.Finish(open, skeleton.ToArray());
    }

    public void Dispose()
    {
        _cases?.Dispose();
        _report?.Dispose();
    }

    private CheckStart Start => _start ?? throw new InvalidOperationException("the report has not begun");

    private SpooledReport Report => _report ?? throw new InvalidOperationException("the report has not begun");

    // The input's suite: its start tag with the counts of all its cases, its input cases, then its object cases as spooled.
    private void WriteInputSuite(string file, IReadOnlyList<Case> inputCases)
    {
        var counts = CaseCounts.Of(inputCases).Add(_caseCounts);
        var cases = _cases!;
        if (cases.IsEmpty)
        {
            _suites!.Append(XmlFragment.Of(SuiteDepth, w => JUnitReportWriter.WriteSuite(w, new Suite(file, inputCases))));
        }
        else
        {
            _suites!.Append(XmlFragment.OpenElement(SuiteDepth, w =>
            {
                WriteSuiteStart(w, file, counts);
                foreach (var testCase in inputCases)
                {
                    WriteCase(w, testCase);
                }
            }));
            _suites.Append(cases);
            _suites.Append(SuiteEnd);
        }

        _totals = _totals.Add(counts);
        _caseCounts = CaseCounts.None;
    }

    // What of one input must wait for its end: its suite opens with its problems and skipped documents.
    private sealed class InputNotes
    {
        public List<InputProblem> Problems { get; } = [];

        public List<SkippedDocument> Skipped { get; } = [];
    }
}
