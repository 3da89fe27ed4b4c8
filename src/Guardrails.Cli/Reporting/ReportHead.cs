using Guardrails.Cli.Reading;
using Guardrails.Engine.Format;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// What a report says besides each input's findings: the run's context, its counts, and the problems and namespaces
/// that belong to no input. Known once the run has ended, and small whatever the input.
/// </summary>
/// <param name="Policies">The policy set that judged.</param>
/// <param name="PolicyFile">Where the policies came from.</param>
/// <param name="Revision">What decided the verdicts.</param>
/// <param name="FailOn">The least action that fails the run.</param>
/// <param name="Summary">The run's counts and exit code.</param>
/// <param name="Problems">Problems that belong to no input's content.</param>
/// <param name="SkippedPaths">Entries of the folders given that were not read.</param>
/// <param name="Namespaces">The namespace context the objects were judged in.</param>
internal sealed record ReportHead(
    PolicySet Policies,
    string PolicyFile,
    string Revision,
    PolicyAction FailOn,
    CheckSummary Summary,
    IReadOnlyList<InputProblem> Problems,
    IReadOnlyList<SkippedPath> SkippedPaths,
    IReadOnlyList<NamespaceContext> Namespaces)
{
    public static ReportHead Of(CheckReport report) =>
        new(report.Policies, report.PolicyFile, report.Revision, report.FailOn, report.Summary, report.Problems, report.SkippedPaths, report.Namespaces);

    public static ReportHead Of(CheckStart start, CheckEnd end) =>
        new(start.Policies, start.PolicyFile, start.Revision, start.FailOn, end.Summary, [.. start.Problems, .. end.Problems], start.SkippedPaths, end.Namespaces);
}
