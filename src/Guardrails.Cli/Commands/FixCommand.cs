using System.CommandLine;
using Guardrails.Cli.Checking;
using Guardrails.Cli.Fixing;
using Guardrails.Cli.Policies;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Policies;

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
        var policies = new Option<string[]>("--policies", "-p") { Description = "Policy folder or file (repeatable); `built-in` names the pack inside the binary, the default when none is given.", AllowMultipleArgumentsPerToken = false };
        var exemptions = new Option<string?>("--exemptions", "-e") { Description = "Exemptions file (kind: Exemptions)." };
        var namespaceOption = new Option<string>("--namespace", "-n") { Description = "Namespace of objects that name none.", DefaultValueFactory = _ => "default" };
        var namespaceLabels = new Option<string[]>("--namespace-labels") { Description = $"Labels of a namespace, as {NamespaceLabelsOption.Syntax} (repeatable); NAMESPACE= states it has none." };
        var strictNamespaces = new Option<bool>("--strict-namespaces") { Description = "Treat namespaces whose labels are not given as matching every namespace selector (fail closed)." };
        var failOn = new Option<string>("--fail-on") { Description = "Least action of a remaining finding that fails the run: deny or warn.", DefaultValueFactory = _ => "deny" };
        failOn.AcceptOnlyFromAmong("deny", "warn");
        var diff = new Option<bool>("--diff") { Description = "Print a unified diff of the fixes and change nothing." };
        var check = new Option<bool>("--check") { Description = "Change nothing; exit 1 when a fix would change a file (for pre-commit hooks)." };

        var command = new Command("fix", "Apply the mutating webhook's fixes to manifests in place, changing only the fields they set; exits as check does on what remains (1 findings, 2 input errors).");
        command.Arguments.Add(paths);
        foreach (var option in new Option[] { policies, exemptions, namespaceOption, namespaceLabels, strictNamespaces, failOn, diff, check })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => Run(
            new FixCommandOptions(
                result.GetValue(paths) ?? [],
                result.GetValue(policies) ?? [],
                result.GetValue(exemptions),
                result.GetValue(namespaceOption)!,
                result.GetValue(namespaceLabels) ?? [],
                result.GetValue(strictNamespaces),
                result.GetValue(failOn) == "warn" ? PolicyAction.Warn : PolicyAction.Deny,
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
            foreach (var problem in problems)
            {
                errors.WriteLine(ReportText.Escape(problem.ToString()));
            }

            errors.WriteLine($"error: the policies do not load ({problems.Count} problem{(problems.Count == 1 ? "" : "s")})");
            return ExitCodes.InputError;
        }

        var engine = new PolicyEngine(policySet, exemptionSet);
        var request = new CheckRequest(options.Paths, options.Namespace, labels, options.StrictNamespaces, options.FailOn);
        var collected = InputCollector.Collect(options.Paths);
        foreach (var skipped in collected.Skipped)
        {
            errors.WriteLine($"warning: skipped {ReportText.Escape(skipped.Path)}: {ReportText.Escape(skipped.Reason)}");
        }

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

/// <summary>The parsed options of <c>guardrails fix</c>.</summary>
internal sealed record FixCommandOptions(
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Policies,
    string? Exemptions,
    string Namespace,
    IReadOnlyList<string> NamespaceLabels,
    bool StrictNamespaces,
    PolicyAction FailOn,
    bool Diff,
    bool Check);
