namespace Guardrails.EndToEnd.Chart;

/// <summary>The values scenarios of the chart tests (see Chart/Values/README.md), with Helm 4 and Helm 3.</summary>
internal static class ChartScenarios
{
    /// <summary>Kinds whose CRDs a bare API server does not have (cert-manager, Prometheus Operator).</summary>
    public static readonly IReadOnlySet<string> CustomKinds = new HashSet<string>(StringComparer.Ordinal) { "Certificate", "Issuer", "ServiceMonitor" };

    public static string ValuesFile(string scenario) => Path.Combine(Path.Combine(RepoPaths.TestProject("Guardrails.EndToEnd"), "Chart", "Values"), scenario + ".yaml");

    public static TheoryData<int, string> All()
    {
        var data = new TheoryData<int, string>();
        foreach (var major in new[] { 4, 3 })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.TestProject("Guardrails.EndToEnd"), "Chart", "Values"), "*.yaml").Order(StringComparer.Ordinal))
            {
                data.Add(major, Path.GetFileNameWithoutExtension(file));
            }
        }

        return data;
    }
}
