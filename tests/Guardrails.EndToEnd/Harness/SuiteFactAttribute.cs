namespace Guardrails.EndToEnd.Harness;

/// <summary>
/// The suite's one always-present test: without the cluster assets it is skipped, and its name is the one line that
/// says why (so <c>dotnet test</c> prints that line); with them it checks the run's API server.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SuiteFactAttribute : FactAttribute
{
    public SuiteFactAttribute()
    {
        if (ClusterAssets.SkipReason is { } reason)
        {
            Skip = reason;
            DisplayName = reason;
        }
    }
}
