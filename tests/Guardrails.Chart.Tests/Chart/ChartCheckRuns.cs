using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests.Chart;

/// <summary>
/// The real <c>guardrails check</c> over Helm's output, one process per kind of run for the whole test class (a check is
/// seconds of start-up; a render is a fraction of one): every scenario as Helm 4 and Helm 3 render it, and the broken
/// charts that must be reported. Each manifest is its own file, so that the report says which objects came from where.
/// </summary>
public sealed class ChartCheckRuns : IDisposable
{
    /// <summary>Values that break one built-in policy each, with the policy and rule that must report it.</summary>
    internal static readonly (string Values, string Policy, string Rule)[] Broken =
    [
        ("image: {tag: latest}", "image-tag", "pinned-tag"),
        ("replicaCount: 1", "replica-minimum", "min-replicas"),
        ("securityContext: {allowPrivilegeEscalation: null}", "no-privilege-escalation", "no-privilege-escalation"),
        ("resources: {limits: {memory: null}}", "resource-requests-limits", "memory-limit"),
    ];

    private readonly TempFolder temp = new();

    private readonly Lazy<CheckRun> scenarios;

    private readonly Lazy<CheckRun> broken;

    public ChartCheckRuns()
    {
        scenarios = new(() => Run("scenarios", Support.Scenarios.Every.SelectMany(ScenarioManifests)));
        broken = new(() => Run("broken", Broken.Select((b, i) => ($"broken-{i}", TestChart.RenderUnchecked(b.Values).Manifest))));
    }

    internal CheckRun Scenarios => scenarios.Value;

    internal CheckRun BrokenCharts => broken.Value;

    internal static string Key(string scenario, int major) => $"{scenario}.helm{major}";

    public void Dispose() => temp.Dispose();

    private static IEnumerable<(string Key, string Manifest)> ScenarioManifests(Scenario scenario)
    {
        var (helm4, helm3) = TestChart.RenderBothAsync(scenario.Request).GetAwaiter().GetResult();
        yield return (Key(scenario.Name, 4), helm4.Chart.Manifest);
        yield return (Key(scenario.Name, 3), helm3.Chart.Manifest);
    }

    private CheckRun Run(string name, IEnumerable<(string Key, string Manifest)> manifests)
    {
        var folder = Path.Combine(temp.Path, name);
        Directory.CreateDirectory(folder);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, manifest) in manifests)
        {
            files[key] = Path.Combine(folder, key + ".yaml");
            File.WriteAllText(files[key], manifest);
        }

        return new CheckRun(GuardrailsCheck.Run([.. files.Values, "--fail-on", "warn", "--strict-namespaces"]), files);
    }
}
