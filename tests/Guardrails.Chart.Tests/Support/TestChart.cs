using Guardrails.Chart.Tests.Rendering;

namespace Guardrails.Chart.Tests.Support;

/// <summary>The chart under test, loaded once, and renders of it with values that must pass values.schema.json first.</summary>
internal static class TestChart
{
    private static readonly Lazy<HelmChart> Loaded = new(() => HelmChart.Load(RepoPaths.Chart));

    public static HelmChart Chart => Loaded.Value;

    /// <summary>Renders with <paramref name="values"/> after checking them against the schema, as helm install does.</summary>
    public static RenderedChart Render(string values = "", string releaseName = "guardrails", string ns = "guardrails", ClusterLookup? lookup = null)
    {
        ValuesSchema.Problems(Chart.Values(values)).Should().BeEmpty("the test values must be valid values of the chart");
        return RenderUnchecked(values, releaseName, ns, lookup);
    }

    /// <summary>Renders without the schema check, for values the schema would refuse.</summary>
    public static RenderedChart RenderUnchecked(string values = "", string releaseName = "guardrails", string ns = "guardrails", ClusterLookup? lookup = null) =>
        Chart.Render(new RenderOptions { Values = values, ReleaseName = releaseName, Namespace = ns, Lookup = lookup });
}
