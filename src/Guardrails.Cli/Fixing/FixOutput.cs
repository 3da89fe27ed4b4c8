using System.Text;
using Guardrails.Cli.Checking;
using Guardrails.Cli.Reading;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;

namespace Guardrails.Cli.Fixing;

/// <summary>
/// Carries out a fix run as it goes: writes each changed file atomically (or the fixed standard input to standard
/// output), or prints the diff; then the summary: each field set (or not, with why), a count, and what <c>guardrails check</c>
/// reports of the fixed files, so what remains (no mutation can fix it) has check's messages and positions.
/// </summary>
/// <param name="mode">Write, diff or check.</param>
/// <param name="standardOutput">Where fixed standard input and diffs go.</param>
/// <param name="summary">Where the summary goes (standard error when standard output carries a diff or a fixed text).</param>
/// <param name="style">Colours of the summary.</param>
/// <param name="replace">Writes a file's new bytes if it still holds the old ones (<see cref="AtomicFile.Replace"/> unless a test fails it).</param>
internal sealed class FixOutput(FixMode mode, TextWriter standardOutput, TextWriter summary, TextStyle style, Func<string, byte[], byte[], string?>? replace = null)
{
    private readonly Func<string, byte[], byte[], string?> _replace = replace ?? AtomicFile.Replace;

    /// <summary>
    /// Delivers one input's fix, on any thread: writes a changed file atomically (<see cref="FixMode.Write"/>); a file
    /// that cannot be written keeps its old text and says why.
    /// </summary>
    public FileFix Store(FileFix file)
    {
        if (mode != FixMode.Write || !file.Changed || file.Input.IsStandardInput)
        {
            return file;
        }

        if (_replace(file.Input.FullPath!, Encoding.UTF8.GetBytes(file.Original!), Encoding.UTF8.GetBytes(file.Fixed!)) is { } failure)
        {
            // What remains is what the file as it stands holds, not what its fixed text would have held.
            return file.NotWritten(new InputProblem(file.Input.DisplayPath, 0, 0, $"not written, the file is as it was: {failure}"), "the file was not written");
        }

        return file;
    }

    /// <summary>Prints one input's fix on standard output (its diff, or the fixed standard input), called in input order.</summary>
    public void Print(FileFix file)
    {
        if (file.Input.IsStandardInput && mode == FixMode.Write && file.Original is not null)
        {
            standardOutput.Write(file.Fixed ?? file.Original);
        }
        else if (mode == FixMode.Diff && file.Changed)
        {
            UnifiedDiff.Write(standardOutput, file.Input.IsStandardInput ? "-" : file.Input.DisplayPath, file.Original!, file.Splices);
        }
    }

    /// <summary>Prints the summary of <paramref name="run"/> and returns the exit code.</summary>
    public int Complete(FixRun run, PolicyEngine engine, string policySource, CheckRequest request, CollectedInputs collected)
    {
        var files = run.Files;
        var verb = mode == FixMode.Write ? "fixed" : "would fix";
        foreach (var field in files.SelectMany(f => f.Fields))
        {
            var rule = $"[{field.Change.PolicyId}/{field.Change.RuleId}] {field.Change.Change.Describe()}";
            summary.WriteLine(field.NotFixed is null
                ? $"{ReportText.Escape(field.File)}:{field.Position}: {verb} {ReportText.Escape(rule)}"
                : $"{ReportText.Escape(field.File)}:{field.Position}: not fixed {ReportText.Escape(rule)}: {ReportText.Escape(field.NotFixed)}");
        }

        var changed = files.Count(f => f.Changed);
        var fields = files.Where(f => f.Changed).Sum(f => f.Fields.Count(x => x.NotFixed is null));
        var notWritten = files.Count(f => f.NotWritten);
        summary.WriteLine(changed == 0
            ? notWritten == 0 ? "nothing to fix" : "fixed nothing"
            : $"{verb} {fields} field{(fields == 1 ? "" : "s")} in {changed} file{(changed == 1 ? "" : "s")}");
        if (notWritten > 0)
        {
            summary.WriteLine($"not written: {notWritten} file{(notWritten == 1 ? "" : "s")} (see above); {(notWritten == 1 ? "it is" : "they are")} as {(notWritten == 1 ? "it was" : "they were")}, and what remains below is what {(notWritten == 1 ? "it holds" : "they hold")}");
        }

        var exit = Report(files, run, engine, policySource, request, collected);
        return mode == FixMode.Check && changed > 0 && exit != ExitCodes.InputError ? ExitCodes.Violations : exit;
    }

    // What check reports of the fixed files: the remaining findings and its summary line.
    private int Report(IReadOnlyList<FixedInput> files, FixRun run, PolicyEngine engine, string policySource, CheckRequest request, CollectedInputs collected)
    {
        var reports = files.Select(f => f.Report).ToList();
        IReadOnlyList<InputProblem> late = [];
        if (reports.Sum(r => r.Objects.Count) == 0 && collected.Problems.Count == 0 && reports.All(r => r.Problems.Count == 0))
        {
            late = [JudgingFacts.NothingFound(request)];
        }

        var checkSummary = CheckSummary.Of(reports, [.. collected.Problems, .. late], request.FailOn);
        var writer = new TextReportWriter(summary, style);
        writer.Begin(new CheckStart(engine.Policies, policySource, engine.Revision, request.FailOn, reports.Count, collected.Problems, collected.Skipped));
        for (var i = 0; i < reports.Count; i++)
        {
            writer.Judged(i, reports[i]);
            writer.Completed(i, reports[i].File);
        }

        writer.End(new CheckEnd(late, run.Namespaces, checkSummary));
        return writer.Failure is null ? checkSummary.ExitCode : ExitCodes.InputError;
    }
}
