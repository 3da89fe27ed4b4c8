using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Paths;

/// <summary>UPDATE through kubectl: replace (PUT), apply and patch (PATCH); a refused update leaves the stored object alone.</summary>
[Collection(EndToEndSuite.Name)]
public sealed class UpdateAndPatchTests(TestCluster cluster)
{
    [EndToEndTheory]
    [InlineData(WebhookMode.Both)]
    [InlineData(WebhookMode.ValidatingOnly)]
    public async Task An_update_that_breaks_a_policy_is_denied_and_the_stored_object_is_kept(WebhookMode mode)
    {
        var ns = await cluster.CreateNamespaceAsync("update", (await cluster.SharedAsync()).For(mode));
        (await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Deployment(ns, "web"))).ShouldSucceed();
        var untagged = Manifests.Deployment(ns, "web", image: "registry.example.com/shop/app");

        (await cluster.Kubectl.RunAsync(["replace", "-f", "-"], untagged)).ShouldBeDeniedBy("image-tag/pinned-tag");
        (await cluster.Kubectl.RunAsync(["apply", "-f", "-"], untagged)).ShouldBeDeniedBy("image-tag/pinned-tag");
        (await cluster.Kubectl.RunAsync("-n", ns, "set", "image", "deployment/web", "app=registry.example.com/shop/app:latest")).ShouldBeDeniedBy("image-tag/pinned-tag");

        (await cluster.Kubectl.RunAsync("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
            .Output.Should().Be("registry.example.com/shop/app:1.4.2");
    }

    [EndToEndFact]
    public async Task A_json_patch_that_removes_resources_gets_them_back_from_the_mutating_webhook_announced()
    {
        var ns = await cluster.CreateNamespaceAsync("patch", (await cluster.SharedAsync()).Both);
        (await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Deployment(ns, "web"))).ShouldSucceed();

        var patched = await cluster.Kubectl.RunAsync("-n", ns, "patch", "deployment", "web", "--type=json", "-p", """[{"op":"remove","path":"/spec/template/spec/containers/0/resources"}]""");

        patched.ShouldSucceed();
        patched.ShouldAnnounce("resource-requests-limits/cpu-request", "resources.requests.cpu", "100m");
        patched.ShouldAnnounce("resource-requests-limits/memory-request", "resources.requests.memory", "128Mi");
        patched.ShouldAnnounce("resource-requests-limits/cpu-limit", "resources.limits.cpu", "500m");
        patched.ShouldAnnounce("resource-requests-limits/memory-limit", "resources.limits.memory", "256Mi");
        (await cluster.Kubectl.RunAsync("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].resources.requests.cpu}"))
            .Output.Should().Be("100m");
    }

    [EndToEndFact]
    public async Task A_json_patch_that_removes_resources_is_denied_by_the_validating_webhook_alone()
    {
        var ns = await cluster.CreateNamespaceAsync("patch", (await cluster.SharedAsync()).ValidatingOnly);
        (await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Deployment(ns, "web"))).ShouldSucceed();

        var patched = await cluster.Kubectl.RunAsync("-n", ns, "patch", "deployment", "web", "--type=json", "-p", """[{"op":"remove","path":"/spec/template/spec/containers/0/resources"}]""");

        patched.ShouldBeDeniedBy("resource-requests-limits/cpu-request");
        patched.ErrorLines.Should().Contain("[resource-requests-limits/memory-limit] ");
    }
}
