using Guardrails.EndToEnd.Harness;

namespace Guardrails.EndToEnd.Paths;

/// <summary>
/// Namespace labels come from serve's watch of the API server: a namespace serve already knows, labelled env=prod after
/// serve started, is judged as production once the watch delivers the change (no restart, and not a lookup on a miss:
/// serve had the namespace cached without the label).
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class NamespaceLabelTests(TestCluster cluster)
{
    [EndToEndFact]
    public async Task A_namespace_labelled_production_after_serve_started_is_judged_as_production()
    {
        var ns = await cluster.CreateNamespaceAsync("late", (await cluster.SharedAsync()).ValidatingOnly);
        var oneReplica = Manifests.Deployment(ns, "web", replicas: 1);
        (await cluster.Kubectl.RunAsync(["create", "--dry-run=server", "-f", "-"], oneReplica)).ShouldSucceed();

        await cluster.Api.LabelNamespaceAsync(ns, new Dictionary<string, string?> { ["env"] = "prod" });

        var denied = await Eventually.ReturnsAsync(
            () => cluster.Kubectl.RunAsync(["create", "--dry-run=server", "-f", "-"], oneReplica),
            result => result.ExitCode != 0,
            TimeSpan.FromSeconds(20),
            "serve sees the new label");
        denied.ShouldBeDeniedBy("replica-minimum/min-replicas");
    }
}
