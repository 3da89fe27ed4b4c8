using System.CommandLine;
using Guardrails.Cli.Fixing;
using Guardrails.Cli.Reporting;

namespace Guardrails.Cli.Commands;

/// <summary><c>guardrails fix PATH...</c>: applies the mutating webhook's fixes to the manifests, editing only the fields it sets.</summary>
internal static class FixCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Manifest files and folders (.yaml, .yml, .json, recursively); '-' reads standard input and writes the fixed text to standard output.",
            Arity = ArgumentArity.OneOrMore,
        };
        var judging = new JudgingOptions("Least action of a remaining finding that fails the run: deny or warn.");
        var diff = new Option<bool>("--diff") { Description = "Print a unified diff of the fixes and change nothing." };
        var check = new Option<bool>("--check") { Description = "Change nothing; exit 1 when a fix would change a file (for pre-commit hooks)." };

        var command = new Command("fix", "Apply the mutating webhook's fixes to manifests in place, changing only the fields they set; exits as check does on what remains (1 findings, 2 input errors).");
        command.Arguments.Add(paths);
        foreach (var option in judging.Context.Concat([judging.FailOn, diff, check]))
        {
            command.Options.Add(option);
        }

        command.SetAction(result => Run(
            new FixCommandOptions(judging.Read(result, paths), result.GetValue(diff), result.GetValue(check)),
            Console.OpenStandardInput,
            Console.Out,
            Console.Error,
            TextStyle.ForConsole()));
        return command;
    }

    internal static int Run(FixCommandOptions options, Func<Stream> standardInput, TextWriter standardOutput, TextWriter errors, TextStyle consoleStyle, Func<string, byte[], byte[], string?>? replace = null)
    {
        if (options.Diff && options.Check)
        {
            errors.WriteLine("error: --diff and --check cannot be used together");
            return ExitCodes.InputError;
        }

        var (run, exit) = JudgingRun.Prepare(options.Judging, [], null, errors);
        if (run is null)
        {
            return exit;
        }

        var mode = options.Diff ? FixMode.Diff : options.Check ? FixMode.Check : FixMode.Write;

        // Standard output carries the diff, or the fixed standard input: the summary then goes to standard error.
        var summaryToErrors = mode == FixMode.Diff || (mode == FixMode.Write && options.Judging.Paths.Contains("-"));
        var output = new FixOutput(mode, standardOutput, summaryToErrors ? errors : standardOutput, summaryToErrors ? TextStyle.Plain : consoleStyle, replace);
        var fixes = new FixRunner(run.Engine, standardInput).Run(run.Request, run.Collected, output);
        var fixExit = output.Complete(fixes, run.Engine, run.PolicyFile, run.Request, run.Collected);
        standardOutput.Flush();
        errors.Flush();
        return fixExit;
    }
}
