using Guardrails.Cli.Reporting;
using Guardrails.Engine.Loading;

namespace Guardrails.Cli.Commands;

/// <summary>What every command prints when its policies do not load: each problem with its place, then one summary line.</summary>
internal static class PolicyLoadErrors
{
    public static int Write(IReadOnlyList<LoadProblem> problems, TextWriter errors)
    {
        foreach (var problem in problems)
        {
            errors.WriteLine(ReportText.Escape(problem.ToString()));
        }

        errors.WriteLine($"error: the policies do not load ({problems.Count} problem{(problems.Count == 1 ? "" : "s")})");
        return ExitCodes.InputError;
    }
}
