namespace Guardrails.EndToEnd.Corpus;

/// <summary>
/// One case of a policy's <c>tests/cases.yaml</c>: which documents it judges (the <see cref="CorpusDocument"/> keys),
/// with which operation, the violations it expects of its policy, and the files of the objects it stands beside its
/// documents (<c>objects:</c>, the autoscalers of replica-minimum's cases), if any.
/// </summary>
internal sealed record FixtureCase(string Policy, int Index, string Name, string File, IReadOnlyList<string> Documents, string Operation, IReadOnlyList<ExpectedFinding> Expect)
{
    /// <summary>The case's <c>objects</c> files; its expectation holds only with those objects beside its documents.</summary>
    public IReadOnlyList<string> Objects { get; init; } = [];

    public string Id => $"{Policy} #{Index}";

    /// <summary>The policies whose findings the case speaks for: its own, and any other an expectation names.</summary>
    public IReadOnlySet<string> Policies => new HashSet<string>(Expect.Select(e => e.Policy).Append(Policy), StringComparer.Ordinal);
}
