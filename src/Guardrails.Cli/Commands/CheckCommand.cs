using System.CommandLine;
using System.Runtime.ExceptionServices;
using Guardrails.Cli.Checking;
using Guardrails.Cli.Policies;
using Guardrails.Cli.Reporting;
using Guardrails.Cli.Spooling;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Policies;

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
        var policies = new Option<string[]>("--policies", "-p") { Description = "Policy folder or file (repeatable); `built-in` names the pack inside the binary, the default when none is given.", AllowMultipleArgumentsPerToken = false };
        var exemptions = new Option<string?>("--exemptions", "-e") { Description = "Exemptions file (kind: Exemptions)." };
        var namespaceOption = new Option<string>("--namespace", "-n") { Description = "Namespace of objects that name none.", DefaultValueFactory = _ => "default" };
        var namespaceLabels = new Option<string[]>("--namespace-labels") { Description = $"Labels of a namespace, as {NamespaceLabelsOption.Syntax} (repeatable); NAMESPACE= states it has none." };
        var strictNamespaces = new Option<bool>("--strict-namespaces") { Description = "Treat namespaces whose labels are not given as matching every namespace selector (fail closed)." };
        var formats = new Option<string[]>("--format", "-f") { Description = "Report format: text, json, sarif or junit (repeatable, paired in order with --output)." };
        formats.AcceptOnlyFromAmong("text", "json", "sarif", "junit");
        var outputs = new Option<string[]>("--output", "-o") { Description = "Write the report of the matching --format to this file ('-' for standard output)." };
        var failOn = new Option<string>("--fail-on") { Description = "Least action that fails the run: deny or warn.", DefaultValueFactory = _ => "deny" };
        failOn.AcceptOnlyFromAmong("deny", "warn");

        var command = new Command("check", "Check Kubernetes manifests against the policies; exits 1 on violations at the --fail-on level, 2 on input or usage errors.");
        command.Arguments.Add(paths);
        foreach (var option in new Option[] { policies, exemptions, namespaceOption, namespaceLabels, strictNamespaces, formats, outputs, failOn })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => Run(
            new CheckCommandOptions(
                result.GetValue(paths) ?? [],
                result.GetValue(policies) ?? [],
                result.GetValue(exemptions),
                result.GetValue(namespaceOption)!,
                result.GetValue(namespaceLabels) ?? [],
                result.GetValue(strictNamespaces),
                result.GetValue(formats) ?? [],
                result.GetValue(outputs) ?? [],
                result.GetValue(failOn) == "warn" ? PolicyAction.Warn : PolicyAction.Deny),
            Console.OpenStandardInput,
            Console.OpenStandardOutput,
            Console.Error,
            TextStyle.ForConsole()));
        return command;
    }

    internal static int Run(CheckCommandOptions options, Func<Stream> standardInput, Func<Stream> standardOutput, TextWriter errors, TextStyle consoleStyle)
    {
        var (labels, labelErrors) = NamespaceLabelsOption.Parse(options.NamespaceLabels);
        var (targets, targetErrors) = ReportTargets.Resolve(options.Formats, options.Outputs);
        if (labelErrors.Count > 0 || targetErrors.Count > 0)
        {
            foreach (var error in labelErrors.Concat(targetErrors))
            {
                errors.WriteLine($"error: {error}");
            }

            return ExitCodes.InputError;
        }

        if (options.Paths.Count == 0 && !Console.IsInputRedirected)
        {
            errors.WriteLine("error: no manifests given: name files or folders, or pipe YAML into 'guardrails check -'");
            return ExitCodes.InputError;
        }

        var (policySet, exemptionSet, problems) = PolicySources.Load(options.Policies, options.Exemptions);
        if (policySet is null)
        {
            foreach (var problem in problems)
            {
                errors.WriteLine(ReportText.Escape(problem.ToString()));
            }

            errors.WriteLine($"error: the policies do not load ({problems.Count} problem{(problems.Count == 1 ? "" : "s")})");
            return ExitCodes.InputError;
        }

        var runner = new CheckRunner(new PolicyEngine(policySet, exemptionSet), PolicySources.Describe(options.Policies), standardInput);
        var request = new CheckRequest(options.Paths, options.Namespace, labels, options.StrictNamespaces, options.FailOn);
        var collected = CheckRunner.Collect(request);
        foreach (var skipped in collected.Skipped)
        {
            // Also on standard error: the report may be going to a file, and an entry left out of a check must be seen.
            errors.WriteLine($"warning: skipped {ReportText.Escape(skipped.Path)}: {ReportText.Escape(skipped.Reason)}");
        }

        return RunReports(runner, request, collected, targets, standardOutput, errors, consoleStyle, () => TempSpool.Create());
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

/// <summary>The parsed options of <c>guardrails check</c>.</summary>
internal sealed record CheckCommandOptions(
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Policies,
    string? Exemptions,
    string Namespace,
    IReadOnlyList<string> NamespaceLabels,
    bool StrictNamespaces,
    IReadOnlyList<string> Formats,
    IReadOnlyList<string> Outputs,
    PolicyAction FailOn);
