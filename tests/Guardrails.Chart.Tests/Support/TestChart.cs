using System.Text.Json.Nodes;
using Guardrails.Chart.Tests.Helm;

namespace Guardrails.Chart.Tests.Support;

/// <summary>
/// The chart as the tests see it: rendered by real Helm 4 and Helm 3 at once (one process each, cached per request),
/// both required to succeed and to render the same objects (<see cref="MajorComparison"/>). Every assertion on a
/// render therefore holds for both majors; the objects returned are Helm 4's.
/// </summary>
internal static class TestChart
{
    public const string Namespace = RenderRequest.DefaultNamespace;

    /// <summary>Renders with <paramref name="values"/>, which must pass values.schema.json, as helm install requires.</summary>
    public static RenderedChart Render(string values = "", string releaseName = RenderRequest.DefaultRelease, string ns = Namespace) =>
        Render(new RenderRequest(values, releaseName, ns));

    public static RenderedChart Render(RenderRequest request)
    {
        var (helm4, helm3) = RenderBothAsync(request).GetAwaiter().GetResult();
        var chart = helm4.Chart;
        MajorComparison.Differences(chart, helm3.Chart).Should().BeEmpty($"Helm 4 and Helm 3 must render the same objects from:\n{request.Values}");
        return chart;
    }

    /// <summary>Renders without the schema check, for values the schema refuses, to see what the templates make of them.</summary>
    public static RenderedChart RenderUnchecked(string values) => Render(new RenderRequest(values) { SkipSchemaValidation = true });

    /// <summary>
    /// NOTES.txt as <c>helm install</c> prints it, from Helm 4's <c>install --dry-run=client --output json</c>.
    /// <c>helm template</c> prints no notes in either major, and Helm 3's client-side dry run still asks the cluster for
    /// its version, so only Helm 4 can show the notes without a cluster.
    /// </summary>
    public static string Notes(string values)
    {
        var result = HelmRenders.InstallDryRunAsync(HelmTools.Helm4, new RenderRequest(values)).GetAwaiter().GetResult();
        result.ExitCode.Should().Be(0, $"{HelmTools.Helm4} install --dry-run=client must succeed:\n{result.Errors}");
        var notes = JsonNode.Parse(result.Output)?["info"]?["notes"];
        notes.Should().NotBeNull($"the release printed by helm install --dry-run=client --output json has info.notes:\n{result.Output}");
        return (string)notes!;
    }

    /// <summary>Both majors' renders of values that must be refused; each must have failed.</summary>
    public static IReadOnlyList<HelmRender> Refused(string values, string releaseName = RenderRequest.DefaultRelease)
    {
        var (helm4, helm3) = RenderBothAsync(new RenderRequest(values, releaseName)).GetAwaiter().GetResult();
        foreach (var render in new[] { helm4, helm3 })
        {
            render.Succeeded.Should().BeFalse($"{render.Helm} must refuse these values:\n{values}");
        }

        return [helm4, helm3];
    }

    /// <summary>Both majors' renders of <paramref name="request"/>, run side by side.</summary>
    public static async Task<(HelmRender Helm4, HelmRender Helm3)> RenderBothAsync(RenderRequest request)
    {
        var helm4 = HelmRenders.TemplateAsync(HelmTools.Helm4, request);
        var helm3 = HelmRenders.TemplateAsync(HelmTools.Helm3, request);
        return (await helm4.ConfigureAwait(false), await helm3.ConfigureAwait(false));
    }
}
