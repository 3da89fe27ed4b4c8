using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Paths;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.FailureModes;

/// <summary>
/// The chart's namespaceSelector keeps kube-system, kube-node-lease, the release namespace and every namespace labelled
/// guardrails.dev/ignore=true out of both webhooks. Each namespace here carries the registration's scope label, so only
/// the chart's own expressions keep them out; a labelled namespace without them is judged, as the control.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class ExcludedNamespaceTests(TestCluster cluster)
{
    [EndToEndFact]
    public async Task Kube_system_the_release_namespace_and_ignored_namespaces_are_never_judged()
    {
        var serve = await cluster.StartServeAsync("excluded");
        var registration = await cluster.RegisterAsync("excluded", WebhookMode.Both, serve);
        var scope = new Dictionary<string, string?> { [TestCluster.ScopeLabel] = registration.Id };
        await cluster.Api.CreateNamespaceAsync("guardrails", new Dictionary<string, string> { [TestCluster.ScopeLabel] = registration.Id });
        var ignored = await cluster.CreateNamespaceAsync("ignored", registration, ignored: true);
        var judged = await cluster.CreateNamespaceAsync("judged", registration);
        string[] excluded = ["kube-system", "kube-node-lease", "guardrails", ignored];
        await cluster.Api.LabelNamespaceAsync("kube-system", scope);
        await cluster.Api.LabelNamespaceAsync("kube-node-lease", scope);
        try
        {
            (await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Pod(judged, "unpinned", image: "busybox"))).ShouldBeDeniedBy("image-tag/pinned-tag");
            foreach (var ns in excluded)
            {
                var created = await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Pod(ns, "unpinned-e2e", image: "busybox"));
                created.ShouldSucceed();
                created.Warnings.Should().BeEmpty($"{ns} is not judged");
            }

            await Task.Delay(500);
            var decisions = serve.Decisions();
            decisions.Should().Contain(d => d.Object == $"{judged}/unpinned");
            decisions.Should().NotContain(d => excluded.Any(ns => d.Object.StartsWith(ns + "/", StringComparison.Ordinal)), "the API server never called the webhook for an excluded namespace");
        }
        finally
        {
            var unscoped = new Dictionary<string, string?> { [TestCluster.ScopeLabel] = null };
            await cluster.Api.LabelNamespaceAsync("kube-system", unscoped);
            await cluster.Api.LabelNamespaceAsync("kube-node-lease", unscoped);
            await cluster.Api.DeleteAsync("/api/v1/namespaces/kube-system/pods/unpinned-e2e");
            await cluster.Api.DeleteAsync("/api/v1/namespaces/kube-node-lease/pods/unpinned-e2e");
            await registration.DisposeAsync();
        }
    }
}
