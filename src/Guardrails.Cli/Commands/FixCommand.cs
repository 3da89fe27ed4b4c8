using System.CommandLine;
using Guardrails.Cli.Checking;
using Guardrails.Cli.Fixing;
using Guardrails.Cli.Policies;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;

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
            new FixCommandOptions(
                result.GetValue(paths) ?? [],
                result.GetValue(judging.Policies) ?? [],
                result.GetValue(judging.Exemptions),
                result.GetValue(judging.Namespace)!,
                result.GetValue(judging.NamespaceLabels) ?? [],
                result.GetValue(judging.StrictNamespaces),
                judging.FailOnValue(result),
                result.GetValue(diff),
                result.GetValue(check)),
            Console.OpenStandardInput,
            Console.Out,
            Console.Error,
            TextStyle.ForConsole()));
        return command;
    }

    internal static int Run(FixCommandOptions options, Func<Stream> standardInput, TextWriter standardOutput, TextWriter errors, TextStyle consoleStyle)
    {
        if (options.Diff && options.Check)
        {
            errors.WriteLine("error: --diff and --check cannot be used together");
            return ExitCodes.InputError;
        }

        var (labels, labelErrors) = NamespaceLabelsOption.Parse(options.NamespaceLabels);
        if (labelErrors.Count > 0)
        {
            foreach (var error in labelErrors)
            {
                errors.WriteLine($"error: {error}");
            }

            return ExitCodes.InputError;
        }

        var (policySet, exemptionSet, problems) = PolicySources.Load(options.Policies, options.Exemptions);
        if (policySet is null)
        {
            return CommandErrors.PoliciesDoNotLoad(problems, errors);
        }

        var engine = new PolicyEngine(policySet, exemptionSet);
        var request = new CheckRequest(options.Paths, options.Namespace, labels, options.StrictNamespaces, options.FailOn);
        var collected = CheckRunner.Collect(request);
        CommandErrors.Skipped(collected, errors);

        var mode = options.Diff ? FixMode.Diff : options.Check ? FixMode.Check : FixMode.Write;

        // Standard output carries the diff, or the fixed standard input: the summary then goes to standard error.
        var summaryToErrors = mode == FixMode.Diff || (mode == FixMode.Write && options.Paths.Contains("-"));
        var run = new FixRunner(engine, standardInput).Run(request, collected);
        var output = new FixOutput(mode, standardOutput, summaryToErrors ? errors : standardOutput, summaryToErrors ? TextStyle.Plain : consoleStyle);
        var exit = output.Complete(run, engine, PolicySources.Describe(options.Policies), request, collected);
        standardOutput.Flush();
        errors.Flush();
        return exit;
    }
}
