namespace Guardrails.EndToEnd.Corpus;

/// <summary>
/// One case of a policy's <c>tests/cases.yaml</c>: which documents it judges (the <see cref="CorpusDocument"/> keys),
/// with which operation, and the violations it expects of its policy.
/// </summary>
internal sealed record FixtureCase(string Policy, int Index, string Name, string File, IReadOnlyList<string> Documents, string Operation, IReadOnlyList<ExpectedFinding> Expect)
{
    public string Id => $"{Policy} #{Index}";

    /// <summary>The policies whose findings the case speaks for: its own, and any other an expectation names.</summary>
    public IReadOnlySet<string> Policies => new HashSet<string>(Expect.Select(e => e.Policy).Append(Policy), StringComparer.Ordinal);
}
