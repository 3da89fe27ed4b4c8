using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Paths;

/// <summary>
/// HorizontalPodAutoscalers in a production namespace through the real API server: an autoscaler must keep at least two
/// replicas (an absent minReplicas, which the API server defaults to 1, is filled in only when applied), and a workload
/// an autoscaler scales is judged by the autoscaler's minReplicas, which serve learns from its watch of the cluster's
/// autoscalers, never by its own spec.replicas; once the autoscaler is gone, by its own spec.replicas again.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class AutoscalerTests(TestCluster cluster)
{
    private const string AutoscalerTag = "replica-minimum/hpa-min-replicas";
    private const string WorkloadTag = "replica-minimum/min-replicas";

    [EndToEndTheory]
    [InlineData(WebhookMode.Both)]
    [InlineData(WebhookMode.ValidatingOnly)]
    public async Task An_autoscaler_that_can_scale_to_one_replica_is_denied(WebhookMode mode)
    {
        var ns = await cluster.CreateNamespaceAsync("hpa", (await cluster.SharedAsync()).For(mode), Manifests.Production);

        var created = await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Autoscaler(ns, "web", "web", minReplicas: 1));

        created.ShouldBeDeniedBy(AutoscalerTag);
        created.ErrorLines.Should().Contain($"HorizontalPodAutoscaler web in production namespace {ns} must set minReplicas to 2 or more (an absent minReplicas means 1)");
    }

    [EndToEndFact]
    public async Task An_absent_minReplicas_is_set_to_two_and_announced_when_applied_and_denied_under_a_plain_create()
    {
        var ns = await cluster.CreateNamespaceAsync("hpa", (await cluster.SharedAsync()).Both, Manifests.Production);

        var created = await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Autoscaler(ns, "created", "web", minReplicas: null));
        var applied = await cluster.Kubectl.RunAsync(["apply", "-f", "-"], Manifests.Autoscaler(ns, "applied", "web", minReplicas: null));

        created.ShouldBeDeniedBy(AutoscalerTag);
        applied.ShouldSucceed();
        applied.ShouldAnnounce(AutoscalerTag, "spec.minReplicas", "2");
        (await cluster.Kubectl.RunAsync("-n", ns, "get", "hpa", "applied", "-o", "jsonpath={.spec.minReplicas}")).Output.Should().Be("2");
    }

    [EndToEndFact]
    public async Task A_minReplicas_cannot_be_filled_in_above_maxReplicas_so_the_autoscaler_is_denied()
    {
        // minReplicas 2 with maxReplicas 1 is an object the API server rejects: the fix is skipped and the denial stands.
        var ns = await cluster.CreateNamespaceAsync("hpa", (await cluster.SharedAsync()).Both, Manifests.Production);

        var applied = await cluster.Kubectl.RunAsync(["apply", "-f", "-"], Manifests.Autoscaler(ns, "tiny", "web", minReplicas: null, maxReplicas: 1));

        applied.ShouldBeDeniedBy(AutoscalerTag);
        applied.ErrorLines.Should().NotContain("Invalid value", applied.Describe());
    }

    [EndToEndFact]
    public async Task A_workload_an_autoscaler_scales_is_judged_by_its_minReplicas_until_the_autoscaler_is_deleted()
    {
        var ns = await cluster.CreateNamespaceAsync("hpa", (await cluster.SharedAsync()).Both, Manifests.Production);
        var oneReplica = Manifests.Deployment(ns, "web", replicas: 1);
        (await cluster.Kubectl.RunAsync(["create", "--dry-run=server", "-f", "-"], oneReplica)).ShouldBeDeniedBy(WorkloadTag);

        (await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Autoscaler(ns, "web", "web", minReplicas: 3))).ShouldSucceed();
        await Eventually.ReturnsAsync(
            () => cluster.Kubectl.RunAsync(["create", "--dry-run=server", "-f", "-"], oneReplica),
            result => result.ExitCode == 0,
            TimeSpan.FromSeconds(20),
            "serve's watch delivers the autoscaler");

        // Left out, as GitOps users leave it so that apply does not fight the autoscaler: admitted and not filled in.
        var applied = await cluster.Kubectl.RunAsync(["apply", "-f", "-"], Manifests.Deployment(ns, "web", replicas: null));
        applied.ShouldSucceed();
        applied.Warnings.Should().NotContain(w => w.Contains("spec.replicas", StringComparison.Ordinal), applied.Describe());
        (await cluster.Kubectl.RunAsync("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.spec.replicas}")).Output.Should().Be("1");

        (await cluster.Kubectl.RunAsync("-n", ns, "delete", "hpa", "web")).ShouldSucceed();
        var denied = await Eventually.ReturnsAsync(
            () => cluster.Kubectl.RunAsync(["apply", "-f", "-"], oneReplica),
            result => result.ExitCode != 0,
            TimeSpan.FromSeconds(20),
            "serve's watch delivers the deletion");
        denied.ShouldBeDeniedBy(WorkloadTag);
        denied.ErrorLines.Should().Contain($"Deployment web in production namespace {ns} must run at least 2 replicas");
    }

    [EndToEndFact]
    public async Task A_workload_whose_autoscaler_can_scale_to_one_is_denied_with_the_autoscaler_named()
    {
        // Both were written before the namespace became production: an update now is judged by the autoscaler's floor.
        var ns = await cluster.CreateNamespaceAsync("hpa", (await cluster.SharedAsync()).Both);
        (await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Autoscaler(ns, "web", "web", minReplicas: 1))).ShouldSucceed();
        (await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Deployment(ns, "web", replicas: 3))).ShouldSucceed();
        await cluster.Api.LabelNamespaceAsync(ns, new Dictionary<string, string?> { ["env"] = "prod" });

        var denied = await Eventually.ReturnsAsync(
            () => cluster.Kubectl.RunAsync(["apply", "-f", "-"], Manifests.Deployment(ns, "web", replicas: 4)),
            result => result.ExitCode != 0,
            TimeSpan.FromSeconds(20),
            "serve sees the new label");

        denied.ShouldBeDeniedBy(WorkloadTag);
        denied.ErrorLines.Should().Contain($"Deployment web in production namespace {ns} is scaled by HorizontalPodAutoscaler web with minReplicas 1, so it can run fewer than 2 replicas");
    }
}
