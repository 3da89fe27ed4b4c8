namespace Guardrails.Engine.Matching;

/// <summary>The outcome of matching: whether it applies and whether it had to assume unknown namespace labels.</summary>
internal readonly record struct MatchOutcome(bool Applies, bool AssumedNamespaceLabels)
{
    public static readonly MatchOutcome No = new(false, false);

    public static readonly MatchOutcome Yes = new(true, false);
}
