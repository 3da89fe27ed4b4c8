using System.CommandLine;
using System.Runtime.ExceptionServices;
using Guardrails.Cli.Checking;
using Guardrails.Cli.Reading;
using Guardrails.Cli.Reporting;
using Guardrails.Cli.Spooling;

namespace Guardrails.Cli.Commands;

/// <summary><c>guardrails check [PATH...]</c>: judges manifests with the same engine and policies as the webhook.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Manifest files and folders (.yaml, .yml, .json, recursively); '-' or nothing reads standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var formats = new Option<string[]>("--format", "-f") { Description = "Report format: text, json, sarif or junit (repeatable, paired in order with --output)." };
        formats.AcceptOnlyFromAmong("text", "json", "sarif", "junit");
        var outputs = new Option<string[]>("--output", "-o") { Description = "Write the report of the matching --format to this file ('-' for standard output)." };
        var judging = new JudgingOptions("Least action that fails the run: deny or warn.");

        var command = new Command("check", "Check Kubernetes manifests against the policies; exits 1 on violations at the --fail-on level, 2 on input or usage errors.");
        command.Arguments.Add(paths);
        foreach (var option in judging.Context.Concat([formats, outputs, judging.FailOn]))
        {
            command.Options.Add(option);
        }

        command.SetAction(result => Run(
            new CheckCommandOptions(judging.Read(result, paths), result.GetValue(formats) ?? [], result.GetValue(outputs) ?? []),
            Console.OpenStandardInput,
            Console.OpenStandardOutput,
            Console.Error,
            TextStyle.ForConsole()));
        return command;
    }

    internal static int Run(CheckCommandOptions options, Func<Stream> standardInput, Func<Stream> standardOutput, TextWriter errors, TextStyle consoleStyle)
    {
        var (targets, targetErrors) = ReportTargets.Resolve(options.Formats, options.Outputs);
        var missingInput = options.Judging.Paths.Count == 0 && !Console.IsInputRedirected ? "no manifests given: name files or folders, or pipe YAML into 'guardrails check -'" : null;
        var (run, exit) = JudgingRun.Prepare(options.Judging, targetErrors, missingInput, errors);
        if (run is null)
        {
            return exit;
        }

        var runner = new CheckRunner(run.Engine, run.PolicyFile, standardInput);
        return RunReports(runner, run.Request, run.Collected, targets, standardOutput, errors, consoleStyle, () => TempSpool.Create());
    }

    // Every report is written as the check goes, so a large input is not held as a report: the text report straight to its
    // output, the others (documents that open with their summary) through temporary files, into their output at the end.
    internal static int RunReports(CheckRunner runner, CheckRequest request, CollectedInputs collected, IReadOnlyList<ReportTarget> targets, Func<Stream> standardOutput, TextWriter errors, TextStyle consoleStyle, Func<TempSpool> spools)
    {
        var reports = new List<(ReportTarget Target, IReportSink Report)>();
        var textOutputs = new List<StreamWriter>();
        try
        {
            foreach (var target in targets)
            {
                if (target.Format != ReportFormat.Text)
                {
                    // Opened only at the end, as before: a report file that is also an input is read as it was.
                    Func<Stream> open = () => target.Path is null ? standardOutput() : File.Create(target.Path);
                    reports.Add((target, target.Format switch
                    {
                        ReportFormat.Json => new JsonReportSink(open, spools),
                        ReportFormat.Sarif => new SarifReportSink(open, spools, Environment.CurrentDirectory),
                        _ => new JUnitReportSink(open, spools),
                    }));
                    continue;
                }

                Stream stream;
                try
                {
                    stream = target.Path is null ? standardOutput() : File.Create(target.Path);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    errors.WriteLine($"error: cannot write {Describe(target)}: {ex.Message}");
                    return ExitCodes.InputError;
                }

                var output = ReportWriters.TextOutput(stream);
                textOutputs.Add(output);
                reports.Add((target, new TextReportWriter(output, target.Path is null ? consoleStyle : TextStyle.Plain)));
            }

            var summary = runner.Run(request, collected, reports.Count == 1 ? reports[0].Report : new CheckSinks([.. reports.Select(r => r.Report)]));
            foreach (var (target, report) in reports)
            {
                if (report.Failure is { } failure)
                {
                    if (failure is not (IOException or UnauthorizedAccessException))
                    {
                        ExceptionDispatchInfo.Throw(failure);
                    }

                    errors.WriteLine($"error: cannot write {Describe(target)}: {failure.Message}");
                    return ExitCodes.InputError;
                }
            }

            return summary.ExitCode;
        }
        finally
        {
            foreach (var output in textOutputs)
            {
                try
                {
                    output.Dispose();
                }
                catch (IOException)
                {
                    // The report already said it could not write (the flush at its end failed first).
                }
            }

            // The temporary files of the other reports go with them, whatever happened.
            foreach (var (_, report) in reports)
            {
                (report as IDisposable)?.Dispose();
            }
        }
    }

    private static string Describe(ReportTarget target) => target.Path ?? "standard output";
}
