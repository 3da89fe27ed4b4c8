using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using Guardrails.Cli.Reading;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Format;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// The human report: per file, each object with findings and one <c>file:line:column</c> line per violation,
/// then skipped documents and input errors, then one summary line. It is written as the check goes, in input order:
/// an object's lines as soon as its input (or the part of a large input it is in) is judged and every input before it
/// is written, so memory holds what waits for its turn, not the run (<see cref="OrderedEmitter{T}"/>). Only the
/// lines that must follow an input's objects (its skipped documents and errors) wait for the input's end.
/// </summary>
internal sealed class TextReportWriter : IReportSink
{
    // What may wait for its turn: a few MB of report text, enough to keep both cores busy past an input that is slow.
    private const long MaxWaitingChars = 2 * 1024 * 1024;

    // Each waiting piece costs a little beyond its text, even when empty (an input with nothing to show).
    private const long PieceOverhead = 64;

    private readonly TextWriter _output;
    private readonly TextStyle _style;
    private OrderedEmitter<Piece>? _emitter;
    private InputLines?[] _inputs = [];
    private CheckStart? _start;
    private bool _somethingFound;
    private StringBuilder? _held;

    /// <param name="output">Where the report goes; its <see cref="TextWriter.NewLine"/> ends every line.</param>
    /// <param name="style">Colours, or none.</param>
    public TextReportWriter(TextWriter output, TextStyle style)
    {
        _output = output;
        _style = style;
    }

    /// <summary>The first exception writing to the output threw; nothing was written after it.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Writes a whole report.</summary>
    public static void Write(CheckReport report, TextWriter output, TextStyle style)
    {
        var writer = new TextReportWriter(output, style);
        writer.Begin(new CheckStart(report.Policies, report.PolicyFile, report.Revision, report.FailOn, report.Files.Count, report.Problems, report.SkippedPaths));
        for (var i = 0; i < report.Files.Count; i++)
        {
            writer.Judged(i, report.Files[i]);
            writer.Completed(i, report.Files[i].File);
        }

        writer.End(new CheckEnd([], report.Namespaces, report.Summary));
        if (writer.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    public void Begin(CheckStart start)
    {
        _start = start;
        _inputs = new InputLines?[start.Files];
        _emitter = new OrderedEmitter<Piece>(start.Files, MaxWaitingChars, Emit);

        // Whether nothing at all was found (a problem line that comes first) is known only at the end: until an object or
        // a problem shows up, the lines that would follow that problem are held back.
        _somethingFound = start.Problems.Count > 0;
        var lines = Lines();
        foreach (var problem in start.Problems)
        {
            WriteProblem(problem, lines);
        }

        foreach (var skipped in start.SkippedPaths)
        {
            lines.WriteLine($"{Show(skipped.Path)}: {_style.Dim("skipped")}: {Show(skipped.Reason)}");
        }

        Emit(new Piece(lines.ToString(), SomethingFound: start.Problems.Count > 0));
    }

    public void Judged(int input, FileReport part)
    {
        var state = _inputs[input] ??= new InputLines();
        var lines = Lines();
        foreach (var item in part.Objects.Where(o => o.Findings.Count > 0 || o.Exemptions.Count > 0 || o.Result.Errors.Count > 0))
        {
            WriteHeader(part.File, state, lines);
            WriteObject(item, lines, _style);
        }

        state.Skipped.AddRange(part.Skipped);
        state.Problems.AddRange(part.Problems);
        Add(input, new Piece(lines.ToString(), SomethingFound: part.Objects.Count > 0 || part.Problems.Count > 0));
    }

    public void Completed(int input, string file)
    {
        var state = _inputs[input];
        _inputs[input] = null;
        if (state is not null && (state.Skipped.Count > 0 || state.Problems.Count > 0))
        {
            var lines = Lines();
            WriteHeader(file, state, lines);
            foreach (var skipped in state.Skipped)
            {
                lines.WriteLine($"  {Show(file)}:{skipped.Position}: {_style.Dim("skipped")}: {Show(skipped.Reason)}");
            }

            foreach (var problem in state.Problems)
            {
                lines.Write("  ");
                WriteProblem(problem, lines);
            }

            Add(input, new Piece(lines.ToString(), SomethingFound: false));
        }

        Emitter.Complete(input);
    }

    public void End(CheckEnd end)
    {
        var start = _start ?? throw new InvalidOperationException("the report has not begun");
        var lines = Lines();
        foreach (var problem in end.Problems)
        {
            WriteProblem(problem, lines);
        }

        Put(lines.ToString());
        if (_held is not null)
        {
            Put(_held.ToString());
            _held = null;
        }

        lines = Lines();
        WriteNamespaceNote(start.Policies, end.Namespaces, lines, _style);
        lines.WriteLine(SummaryLine(start, end.Summary, _style));
        Put(lines.ToString());
        if (Failure is null)
        {
            Flush();
        }
    }

    private OrderedEmitter<Piece> Emitter => _emitter ?? throw new InvalidOperationException("the report has not begun");

    private void Add(int input, Piece piece)
    {
        if (piece.Text.Length > 0 || piece.SomethingFound)
        {
            Emitter.Add(input, piece, piece.Text.Length + PieceOverhead);
        }
    }

    // In input order, one piece at a time.
    private void Emit(Piece piece)
    {
        if (!_somethingFound && piece.SomethingFound)
        {
            _somethingFound = true;
            if (_held is not null)
            {
                Put(_held.ToString());
                _held = null;
            }
        }

        if (_somethingFound)
        {
            Put(piece.Text);
        }
        else if (piece.Text.Length > 0)
        {
            (_held ??= new StringBuilder()).Append(piece.Text);
        }
    }

    private void Put(string text)
    {
        if (Failure is not null || text.Length == 0)
        {
            return;
        }

        try
        {
            _output.Write(text);
        }
#pragma warning disable CA1031 // Recorded for the caller, who says which report could not be written.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Failure = ex;
        }
    }

    private void Flush()
    {
        try
        {
            _output.Flush();
        }
#pragma warning disable CA1031 // As in Put.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Failure = ex;
        }
    }

    private StringWriter Lines() => new(CultureInfo.InvariantCulture) { NewLine = _output.NewLine };

    private void WriteHeader(string file, InputLines state, TextWriter lines)
    {
        if (!state.HeaderWritten)
        {
            lines.WriteLine(_style.Bold(Show(file)));
            state.HeaderWritten = true;
        }
    }

    private void WriteProblem(InputProblem problem, TextWriter lines) =>
        lines.WriteLine($"{Location(problem)}: {_style.Red("error")}: {Show(problem.Message)}");

    private static void WriteObject(ObjectReport item, TextWriter output, TextStyle style)
    {
        output.WriteLine($"  {Show(item.DisplayName)} (line {item.Position.Line}): {Decision(item.Decision, style)}");
        foreach (var error in item.Result.Errors)
        {
            var rule = error.PolicyId is null ? string.Empty : $"{error.PolicyId}/{error.RuleId} ";
            output.WriteLine($"    {Show(item.File)}:{item.Position}: {style.Red("error")} {Show(rule)}could not be judged: {Show(error.Message)}");
        }

        foreach (var finding in item.Findings)
        {
            var violation = finding.Violation;
            output.WriteLine($"    {Show(item.File)}:{finding.Position}: {Action(violation.Action, style)} {Show(violation.PolicyId)}/{Show(violation.RuleId)}: {Show(violation.Message)}");
            foreach (var assumption in violation.Assumptions)
            {
                output.WriteLine($"      {style.Dim("assumed")}: {Show(assumption)}");
            }

            foreach (var change in violation.Changes)
            {
                output.WriteLine($"      {style.Dim("fixed in the cluster")}: {Show(change.DescribeForManifest())}");
            }

            if (violation.FixWithheld is { } withheld)
            {
                output.WriteLine($"      {style.Dim("not fixed in the cluster")}: {withheld}");
            }
        }

        foreach (var exemption in item.Exemptions)
        {
            output.WriteLine($"    {Show(item.File)}:{exemption.Position}: {Exemption(exemption.Use, style)}");
        }
    }

    private static string Exemption(ExemptionUse use, TextStyle style)
    {
        var by = use.Source == ExemptionSource.File ? $"by {use.Entry}" : $"by annotation{(use.Entry is null ? string.Empty : $", allowed at {use.Entry}")}";
        var owner = use.Owner is null ? string.Empty : $"{use.Owner}: ";
        var expires = use.Expires is { } date ? $" (until {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : string.Empty;
        var rule = Show($"{use.PolicyId}/{use.RuleId}");
        return use.Status switch
        {
            ExemptionStatus.Applied => $"{style.Cyan("exempt")} {rule} {Show(by)}{expires}: {Show(owner)}{Show(use.Reason)}",
            ExemptionStatus.Expired => $"{style.Yellow("exemption expired")} {rule} {Show(by)}{expires}: the finding stands",
            _ => $"{style.Yellow("exemption not allowed")} {rule}: {Show(use.Refusal ?? "no exemption entry allows the annotation")}; the finding stands",
        };
    }

    private static void WriteNamespaceNote(PolicySet policies, IReadOnlyList<NamespaceContext> namespaces, TextWriter output, TextStyle style)
    {
        if (!policies.Policies.Any(p => p.SelectsNamespacesByLabel))
        {
            return;
        }

        var guessed = namespaces.Where(n => n.Source is NamespaceLabelSource.Assumed or NamespaceLabelSource.Unknown).ToList();
        if (guessed.Count == 0)
        {
            return;
        }

        var names = Show(string.Join(", ", guessed.Select(n => n.Name)));
        var how = guessed[0].Source == NamespaceLabelSource.Unknown
            ? "assumed to match every namespace selector (--strict-namespaces)"
            : "judged as carrying no labels";
        output.WriteLine($"{style.Dim("note")}: labels of namespace{(guessed.Count == 1 ? "" : "s")} {names} were not given and {(guessed.Count == 1 ? "it was" : "they were")} {how}; give them with a Namespace object or --namespace-labels");
    }

    private static string SummaryLine(CheckStart start, CheckSummary s, TextStyle style)
    {
        var parts = new List<string>
        {
            $"{Plural(s.Objects, "object")} in {Plural(s.Files, "file")}: {s.Denied} denied, {s.Warned} warned, {s.Passed} passed{(s.Errored > 0 ? $", {s.Errored} not judged" : "")}",
            $"{Plural(s.DenyViolations + s.WarnViolations + s.AuditViolations, "violation")} ({s.DenyViolations} deny, {s.WarnViolations} warn, {s.AuditViolations} audit)",
        };
        if (s.Skipped > 0)
        {
            parts.Add($"{Plural(s.Skipped, "document")} skipped");
        }

        if (start.SkippedPaths.Count > 0)
        {
            parts.Add($"{Plural(start.SkippedPaths.Count, "path")} skipped");
        }

        if (s.InputProblems > 0)
        {
            parts.Add(style.Red($"{Plural(s.InputProblems, "input error")}"));
        }

        parts.Add($"policies {Show(start.PolicyFile)} @ {start.Revision}");
        return $"{Verdict(s.ExitCode, style)} {string.Join("; ", parts)}";
    }

    /// <summary>The word a summary line starts with for a run's exit code: PASS, FAIL, or ERROR.</summary>
    internal static string Verdict(int exitCode, TextStyle style) => exitCode switch
    {
        ExitCodes.Success => style.Green("PASS"),
        ExitCodes.Violations => style.Red("FAIL"),
        _ => style.Red("ERROR"),
    };

    private static string Location(InputProblem problem) => Show(problem.Line > 0 ? $"{problem.File}:{problem.Line}:{problem.Column}" : problem.File);

    // Everything from the inputs, the policies or the file system passes here: no name or message can start a line.
    private static string Show(string? text) => ReportText.Escape(text);

    private static string Decision(ObjectDecision decision, TextStyle style) => decision switch
    {
        ObjectDecision.Denied => style.Red("denied"),
        ObjectDecision.Warned => style.Yellow("warned"),
        ObjectDecision.Error => style.Red("error"),
        _ => style.Green("passed"),
    };

    private static string Action(PolicyAction action, TextStyle style) => action switch
    {
        PolicyAction.Deny => style.Red("deny"),
        PolicyAction.Warn => style.Yellow("warn"),
        _ => style.Cyan("audit"),
    };

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    // What one input has shown so far, and the lines that must follow its objects.
    private sealed class InputLines
    {
        public bool HeaderWritten { get; set; }

        public List<SkippedDocument> Skipped { get; } = [];

        public List<InputProblem> Problems { get; } = [];
    }

    // Lines of one input in turn; SomethingFound when they come from an object or a problem, so that no "nothing was
    // found" problem will come first.
    private sealed record Piece(string Text, bool SomethingFound);
}
