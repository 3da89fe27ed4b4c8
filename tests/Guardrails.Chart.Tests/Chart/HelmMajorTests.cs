using Guardrails.Chart.Tests.Helm;
using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests.Chart;

/// <summary>
/// Helm 4 and Helm 3 render every scenario, and render the same objects. The certificates Helm generates are new in
/// every render of either major and are compared as certificates in CertificateTests. One real difference between the
/// majors shaped the chart: Helm 3 reads the numbers of the chart's own values.yaml as json.Number (a string to
/// <c>kindIs</c>), Helm 4 as float64, so no template may tell numbers from strings by kind.
/// </summary>
public sealed class HelmMajorTests
{
    [Fact]
    public void The_installed_helms_are_one_of_each_major()
    {
        HelmTools.Helm4.Version.Should().StartWith("v4.");
        HelmTools.Helm3.Version.Should().StartWith("v3.");
    }

    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public async Task Helm_4_and_Helm_3_render_the_same_objects(string scenario)
    {
        var (helm4, helm3) = await TestChart.RenderBothAsync(Scenarios.Named(scenario).Request);

        helm4.Succeeded.Should().BeTrue(helm4.Result.Errors);
        helm3.Succeeded.Should().BeTrue(helm3.Result.Errors);
        helm4.Warnings.Should().BeEmpty("Helm 4 renders the scenario without a warning");
        helm3.Warnings.Should().BeEmpty("Helm 3 renders the scenario without a warning");
        helm4.Chart.Documents.Should().NotBeEmpty();
        MajorComparison.Differences(helm4.Chart, helm3.Chart).Should().BeEmpty();
        MajorComparison.OrderWithoutWebhooks(helm4.Chart).Should().Equal(MajorComparison.OrderWithoutWebhooks(helm3.Chart), "both print Helm's install order");
    }

    [Fact]
    public async Task Only_helm_4_orders_the_webhook_configurations_as_kinds_it_knows()
    {
        var (helm4, helm3) = await TestChart.RenderBothAsync(Scenarios.Named("everything").Request);

        Kinds(helm4.Chart).Should().Equal(
            "PodDisruptionBudget", "ServiceAccount", "ConfigMap", "ConfigMap", "ClusterRole", "ClusterRoleBinding", "Service", "Deployment",
            "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "Certificate", "Certificate", "Issuer", "Issuer", "ServiceMonitor");
        Kinds(helm3.Chart).Should().Equal(
            "PodDisruptionBudget", "ServiceAccount", "ConfigMap", "ConfigMap", "ClusterRole", "ClusterRoleBinding", "Service", "Deployment",
            "Certificate", "Certificate", "Issuer", "Issuer", "MutatingWebhookConfiguration", "ServiceMonitor", "ValidatingWebhookConfiguration");
    }

    [Fact]
    public async Task A_block_scalar_that_ends_a_values_file_without_a_line_break_keeps_one_only_in_helm_4()
    {
        // go-yaml v2 (Helm 3) and Helm 4's YAML reader disagree on the last line of such a file. RenderRequest.ValuesFile
        // ends every values file with a line break, as editors do, so that the other tests compare like with like.
        var request = new RenderRequest();
        const string Values = "exemptions: |\n  apiVersion: guardrails.dev/v1\n  kind: Exemptions";
        var helm4 = await HelmTools.Helm4.RunAsync(request.TemplateArguments(RepoPaths.Chart), Values);
        var helm3 = await HelmTools.Helm3.RunAsync(request.TemplateArguments(RepoPaths.Chart), Values);

        ExemptionsFile(helm4.Output).Should().Be("apiVersion: guardrails.dev/v1\nkind: Exemptions\n");
        ExemptionsFile(helm3.Output).Should().Be("apiVersion: guardrails.dev/v1\nkind: Exemptions");
    }

    [Fact]
    public async Task The_comparison_ignores_only_the_generated_certificates()
    {
        var first = await HelmRenders.TemplateUncachedAsync(HelmTools.Helm4, new RenderRequest());
        var second = await HelmRenders.TemplateUncachedAsync(HelmTools.Helm4, new RenderRequest());
        var changed = await HelmRenders.TemplateAsync(HelmTools.Helm4, new RenderRequest("replicaCount: 4"));
        var renamed = await HelmRenders.TemplateAsync(HelmTools.Helm4, new RenderRequest(ReleaseName: "other"));

        first.Chart.Manifest.Should().NotBe(second.Chart.Manifest, "every render generates new certificates");
        MajorComparison.Differences(first.Chart, second.Chart).Should().BeEmpty();
        MajorComparison.Differences(first.Chart, changed.Chart).Should().ContainSingle().Which.Should().StartWith("apps/v1 Deployment platform-guardrails/guardrails differs");
        MajorComparison.Differences(first.Chart, renamed.Chart).Should().HaveCount(2 * first.Chart.Documents.Count, "every object is named after the release");
    }

    private static string? ExemptionsFile(string manifest) =>
        (string?)ManifestReader.Read(manifest).Documents.Single(d => d.Name == "guardrails-exemptions").Object["data"]!["exemptions.yaml"];

    private static List<string> Kinds(RenderedChart chart) => [.. chart.Documents.Select(d => d.Kind)];
}
