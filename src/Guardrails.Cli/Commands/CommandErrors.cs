using Guardrails.Cli.Reading;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Loading;

namespace Guardrails.Cli.Commands;

/// <summary>What the commands print on standard error in the same words: policies that do not load, inputs left out.</summary>
internal static class CommandErrors
{
    /// <summary>Each problem with its place, then one summary line; returns the exit code for it.</summary>
    public static int PoliciesDoNotLoad(IReadOnlyList<LoadProblem> problems, TextWriter errors)
    {
        foreach (var problem in problems)
        {
            errors.WriteLine(ReportText.Escape(problem.ToString()));
        }

        errors.WriteLine($"error: the policies do not load ({problems.Count} problem{(problems.Count == 1 ? "" : "s")})");
        return ExitCodes.InputError;
    }

    /// <summary>
    /// One warning per path the inputs left out. Always on standard error: a report may be going to a file, and an entry
    /// left out of a run must be seen.
    /// </summary>
    public static void Skipped(CollectedInputs collected, TextWriter errors)
    {
        foreach (var skipped in collected.Skipped)
        {
            errors.WriteLine($"warning: skipped {ReportText.Escape(skipped.Path)}: {ReportText.Escape(skipped.Reason)}");
        }
    }
}
