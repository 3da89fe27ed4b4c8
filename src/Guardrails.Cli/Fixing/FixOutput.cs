using System.Text;
using Guardrails.Cli.Checking;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Fixing;

/// <summary>
/// Carries out a fix run: writes each changed file atomically (or the fixed standard input to standard output), or
/// prints the diff, then the summary: each field set (or not, with why), a count, and what <c>guardrails check</c>
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

    /// <summary>Carries out <paramref name="run"/> and returns the exit code.</summary>
    public int Complete(FixRun run, PolicyEngine engine, string policySource, CheckRequest request, CollectedInputs collected)
    {
        var files = run.Files.ToList();
        for (var i = 0; i < files.Count; i++)
        {
            files[i] = Deliver(files[i]);
        }

        var verb = mode == FixMode.Write ? "fixed" : "would fix";
        foreach (var field in files.SelectMany(f => f.Fields))
        {
            var rule = $"[{field.Change.PolicyId}/{field.Change.RuleId}] {field.Change.Change.Describe()}";
            summary.WriteLine(field.NotFixed is null
                ? $"{ReportText.Escape(field.File)}:{field.Position}: {verb} {ReportText.Escape(rule)}"
                : $"{ReportText.Escape(field.File)}:{field.Position}: not fixed {ReportText.Escape(rule)}: {ReportText.Escape(field.NotFixed)}");
        }

        var changed = files.Where(f => f.Changed).ToList();
        var fields = changed.Sum(f => f.Fields.Count(x => x.NotFixed is null));
        var notWritten = run.Files.Count(f => f.Changed) - changed.Count;
        summary.WriteLine(changed.Count == 0
            ? notWritten == 0 ? "nothing to fix" : "fixed nothing"
            : $"{verb} {fields} field{(fields == 1 ? "" : "s")} in {changed.Count} file{(changed.Count == 1 ? "" : "s")}");
        if (notWritten > 0)
        {
            summary.WriteLine($"not written: {notWritten} file{(notWritten == 1 ? "" : "s")} (see above); {(notWritten == 1 ? "it is" : "they are")} as {(notWritten == 1 ? "it was" : "they were")}, and what remains below is what {(notWritten == 1 ? "it holds" : "they hold")}");
        }

        var exit = Report(files, run, engine, policySource, request, collected);
        return mode == FixMode.Check && changed.Count > 0 && exit != ExitCodes.InputError ? ExitCodes.Violations : exit;
    }

    // Writes, prints or leaves the file; a file that cannot be written keeps its old text and says why.
    private FileFix Deliver(FileFix file)
    {
        if (file.Input.IsStandardInput && mode == FixMode.Write && file.Original is not null)
        {
            standardOutput.Write(file.Fixed ?? file.Original);
            return file;
        }

        if (!file.Changed)
        {
            return file;
        }

        if (mode == FixMode.Diff)
        {
            UnifiedDiff.Write(standardOutput, file.Input.IsStandardInput ? "-" : file.Input.DisplayPath, file.Original!, file.Splices);
            return file;
        }

        if (mode == FixMode.Check || file.Input.IsStandardInput)
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

    // What check reports of the fixed files: the remaining findings and its summary line.
    private int Report(List<FileFix> files, FixRun run, PolicyEngine engine, string policySource, CheckRequest request, CollectedInputs collected)
    {
        var reports = files.Select(f => f.Report).ToList();
        IReadOnlyList<InputProblem> late = [];
        if (reports.Sum(r => r.Objects.Count) == 0 && collected.Problems.Count == 0 && reports.All(r => r.Problems.Count == 0))
        {
            var where = request.Paths.Count == 0 ? "standard input" : string.Join(", ", request.Paths.Select(p => p == "-" ? "standard input" : p));
            late = [new InputProblem(where, 0, 0, "no Kubernetes objects were found (nothing with apiVersion and kind)")];
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
