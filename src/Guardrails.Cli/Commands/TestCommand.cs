using System.CommandLine;
using Guardrails.Cli.Reporting;
using Guardrails.Cli.Testing;
using Guardrails.Engine.Loading;

namespace Guardrails.Cli.Commands;

/// <summary><c>guardrails test DIR...</c>: runs the policies' own fixtures, the way security teams test their policies.</summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Policy folders; each policy's tests/ folder holds its fixtures and cases (kind: PolicyTest).",
            Arity = ArgumentArity.OneOrMore,
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also list the cases that pass." };
        var command = new Command("test", "Run the test fixtures of policy folders; exits 1 when any case fails, 2 when the policies do not load.");
        command.Arguments.Add(paths);
        command.Options.Add(verbose);
        command.SetAction(result => Run(result.GetValue(paths)!, result.GetValue(verbose), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string[] paths, bool verbose, TextWriter output, TextWriter errors)
    {
        var load = PolicyLoader.LoadPaths(paths);
        if (load.PolicySet is not { } policies)
        {
            return CommandErrors.PoliciesDoNotLoad(load.Problems, errors);
        }

        var runner = new PolicyTestRunner(policies);
        var outcomes = paths.Where(Directory.Exists).SelectMany(PolicyTestRunner.FindTestFiles).Distinct().SelectMany(runner.RunFile).ToList();
        foreach (var file in outcomes.GroupBy(o => o.File))
        {
            output.WriteLine(ReportText.Escape(file.Key));
            foreach (var outcome in file.Where(o => verbose || !o.Passed))
            {
                output.WriteLine($"  {(outcome.Passed ? "PASS" : "FAIL")}  {ReportText.Escape(outcome.Name)}");
                foreach (var detail in outcome.Details)
                {
                    output.WriteLine($"        {ReportText.Escape(detail)}");
                }
            }
        }

        var failed = outcomes.Count(o => !o.Passed);
        var untested = policies.Policies.Where(p => outcomes.All(o => !o.File.Contains(Path.DirectorySeparatorChar + p.Id + Path.DirectorySeparatorChar, StringComparison.Ordinal))).Select(p => p.Id).ToList();
        if (untested.Count > 0)
        {
            output.WriteLine($"policies without tests: {string.Join(", ", untested)}");
        }

        output.WriteLine($"{outcomes.Count - failed} passed, {failed} failed");
        return outcomes.Count == 0 ? ExitCodes.InputError : failed == 0 ? ExitCodes.Success : ExitCodes.Violations;
    }
}
