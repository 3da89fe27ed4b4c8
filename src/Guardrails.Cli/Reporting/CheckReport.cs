using Guardrails.Cli.Reading;
using Guardrails.Engine.Format;
using Guardrails.Yaml;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Hosts;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Reporting;

/// <summary>Everything one <c>guardrails check</c> run found, in input order, ready for any report format.</summary>
/// <param name="Policies">The policy set that judged.</param>
/// <param name="PolicyFile">Where the policies came from: <c>built-in</c> or the folders given.</param>
/// <param name="FailOn">The least action that fails the run.</param>
/// <param name="Files">Each input, in order.</param>
/// <param name="Problems">Problems that belong to no input's content (missing paths).</param>
/// <param name="Namespaces">The namespace context the objects were judged in.</param>
internal sealed record CheckReport(
    PolicySet Policies,
    string PolicyFile,
    PolicyAction FailOn,
    IReadOnlyList<FileReport> Files,
    IReadOnlyList<InputProblem> Problems,
    IReadOnlyList<NamespaceContext> Namespaces)
{
    /// <summary>Entries of the folders given that were not read (FIFOs, sockets, devices, folders reached again through a link).</summary>
    public IReadOnlyList<SkippedPath> SkippedPaths { get; init; } = [];

    public IEnumerable<ObjectReport> Objects => Files.SelectMany(f => f.Objects);

    public IEnumerable<InputProblem> AllProblems => Problems.Concat(Files.SelectMany(f => f.Problems));

    public CheckSummary Summary { get; } = CheckSummary.Of(Files, Problems, FailOn);

    /// <summary>What decided the verdicts: the policy set's revision, and the exemptions' after a <c>+</c> when loaded.</summary>
    public string Revision { get; init; } = Policies.Revision;
}

/// <summary>What was found in one input.</summary>
internal sealed record FileReport(string File, IReadOnlyList<ObjectReport> Objects, IReadOnlyList<SkippedDocument> Skipped, IReadOnlyList<InputProblem> Problems);

/// <summary>The verdict on one object.</summary>
/// <param name="File">The input's display path.</param>
/// <param name="Document">Zero-based document index in the input.</param>
/// <param name="SourcePointer">Where the object sits in its document (list items).</param>
/// <param name="Position">Where the object starts.</param>
/// <param name="ApiVersion">Its apiVersion.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Namespace">The namespace it was judged in; null for cluster-scoped kinds.</param>
/// <param name="Name">Its name.</param>
/// <param name="Result">The engine's result.</param>
/// <param name="Findings">Its violations with their source positions.</param>
/// <param name="Exemptions">Exemptions that bore on it, with source positions.</param>
internal sealed record ObjectReport(
    string File,
    int Document,
    string SourcePointer,
    SourcePosition Position,
    string ApiVersion,
    string Kind,
    string? Namespace,
    string Name,
    EvaluationResult Result,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<ExemptionFinding> Exemptions)
{
    /// <summary><c>Kind namespace/name</c>, or <c>Kind name</c> for cluster-scoped objects.</summary>
    public string DisplayName => Namespace is null ? $"{Kind} {NameOrUnnamed}" : $"{Kind} {Namespace}/{NameOrUnnamed}";

    public string NameOrUnnamed => Name.Length == 0 ? "(unnamed)" : Name;

    /// <summary>The verdict as reports name it (<see cref="Verdict.Of"/>: an object refused or not judged is an error).</summary>
    public ObjectDecision Decision => Verdict.Of(Result) switch
    {
        Judgement.Passed => ObjectDecision.Passed,
        Judgement.Warned => ObjectDecision.Warned,
        Judgement.Denied => ObjectDecision.Denied,
        _ => ObjectDecision.Error,
    };

    /// <summary>True when this object fails the run at <paramref name="failOn"/> (<see cref="Verdict.Fails"/>).</summary>
    public bool Fails(PolicyAction failOn) => Verdict.Fails(Result, failOn);
}

/// <summary>A violation and where it stands in the source.</summary>
internal sealed record Finding(Violation Violation, SourcePosition Position);

/// <summary>An exemption that bore on a finding, and where that finding stands.</summary>
internal sealed record ExemptionFinding(ExemptionUse Use, SourcePosition Position);

/// <summary>The namespace context the objects were judged in.</summary>
/// <param name="Name">The namespace.</param>
/// <param name="Labels">Its labels as used.</param>
/// <param name="Source">Where they came from.</param>
internal sealed record NamespaceContext(string Name, IReadOnlyDictionary<string, string> Labels, NamespaceLabelSource Source);

/// <summary>Counts for the summary line and the exit code.</summary>
internal sealed record CheckSummary(
    int Files,
    int Objects,
    int Denied,
    int Warned,
    int Passed,
    int Errored,
    int DenyViolations,
    int WarnViolations,
    int AuditViolations,
    int Skipped,
    int InputProblems,
    int FailingObjects)
{
    public static CheckSummary Of(IReadOnlyList<FileReport> files, IReadOnlyList<InputProblem> problems, PolicyAction failOn)
    {
        var tally = CheckTally.None with { InputProblems = problems.Count };
        foreach (var file in files)
        {
            tally = tally.Add(CheckTally.Of(file));
        }

        return Of(files.Count, tally, failOn);
    }

    /// <summary>The summary of a run over <paramref name="files"/> inputs from its counts.</summary>
    public static CheckSummary Of(int files, CheckTally tally, PolicyAction failOn) => new(
        files,
        tally.Objects,
        tally.Denied,
        tally.Warned,
        tally.Passed,
        tally.Errored,
        tally.DenyViolations,
        tally.WarnViolations,
        tally.AuditViolations,
        tally.Skipped,
        tally.InputProblems,
        tally.FailingObjects(failOn));

    public int ExitCode => InputProblems > 0 || Errored > 0 ? ExitCodes.InputError : FailingObjects > 0 ? ExitCodes.Violations : ExitCodes.Success;
}
