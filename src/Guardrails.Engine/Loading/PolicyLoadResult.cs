using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Loading;

/// <summary>The outcome of loading policies: a set, or every problem found.</summary>
/// <param name="PolicySet">The set, when no problem was found.</param>
/// <param name="Problems">Every problem, in file and line order.</param>
public sealed record PolicyLoadResult(PolicySet? PolicySet, IReadOnlyList<LoadProblem> Problems)
{
    /// <summary>True when the set loaded with no problem.</summary>
    public bool Succeeded => PolicySet is not null;
}
