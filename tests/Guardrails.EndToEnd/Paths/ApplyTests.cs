using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Paths;

/// <summary>Server-side apply, server dry-run and a kind: List, as users type them.</summary>
[Collection(EndToEndSuite.Name)]
public sealed class ApplyTests(TestCluster cluster)
{
    [EndToEndTheory]
    [InlineData(WebhookMode.Both)]
    [InlineData(WebhookMode.ValidatingOnly)]
    public async Task Server_side_apply_is_judged_on_create_and_on_change(WebhookMode mode)
    {
        var ns = await cluster.CreateNamespaceAsync("ssa", (await cluster.SharedAsync()).For(mode));

        (await cluster.Kubectl.RunAsync(["apply", "--server-side", "-f", "-"], Manifests.Deployment(ns, "bad", image: "nginx"))).ShouldBeDeniedBy("image-tag/pinned-tag");
        var applied = await cluster.Kubectl.RunAsync(["apply", "--server-side", "-f", "-"], Manifests.Deployment(ns, "web"));
        applied.ShouldSucceed();
        applied.Output.Should().Contain("deployment.apps/web serverside-applied");
        (await cluster.Kubectl.RunAsync(["apply", "--server-side", "-f", "-"], Manifests.Deployment(ns, "web", image: "nginx"))).ShouldBeDeniedBy("image-tag/pinned-tag");
    }

    [EndToEndTheory]
    [InlineData(WebhookMode.Both)]
    [InlineData(WebhookMode.ValidatingOnly)]
    public async Task A_server_dry_run_is_judged_like_the_real_request_and_stores_nothing(WebhookMode mode)
    {
        var ns = await cluster.CreateNamespaceAsync("dryrun", (await cluster.SharedAsync()).For(mode));
        var bad = Manifests.Deployment(ns, "bad", image: "nginx", resources: false);

        var dryRun = await cluster.Kubectl.RunAsync(["create", "--dry-run=server", "-f", "-"], bad);
        var real = await cluster.Kubectl.RunAsync(["create", "-f", "-"], bad);

        dryRun.ShouldBeDeniedBy("image-tag/pinned-tag");
        dryRun.Outcome("dry run").Denial.Should().Be(real.Outcome("create").Denial, "a dry run gets the same verdict");
        dryRun.Warnings.Should().Equal(real.Warnings);
        var good = await cluster.Kubectl.RunAsync(["create", "--dry-run=server", "-o", "json", "-f", "-"], Manifests.Deployment(ns, "good"));
        good.ShouldSucceed();
        (await cluster.Kubectl.RunAsync("-n", ns, "get", "deployment", "good")).ErrorLines.Should().Contain("NotFound");
    }

    [EndToEndTheory]
    [InlineData(WebhookMode.Both)]
    [InlineData(WebhookMode.ValidatingOnly)]
    public async Task Each_item_of_a_list_is_judged_on_its_own(WebhookMode mode)
    {
        var ns = await cluster.CreateNamespaceAsync("list", (await cluster.SharedAsync()).For(mode));
        var list = "apiVersion: v1\nkind: List\nitems:\n"
            + string.Concat(new[] { Manifests.Deployment(ns, "good"), Manifests.Deployment(ns, "bad", image: "nginx") }
                .Select(item => "- " + item.TrimEnd().Replace("\n", "\n  ", StringComparison.Ordinal) + "\n"));

        var created = await cluster.Kubectl.RunAsync(["create", "-f", "-"], list);

        created.ExitCode.Should().NotBe(0, created.Describe());
        created.Output.Should().Contain("deployment.apps/good created");
        created.ShouldBeDeniedBy("image-tag/pinned-tag");
        created.ErrorLines.Should().Contain($"guardrails denied Deployment {ns}/bad");
        (await cluster.Kubectl.RunAsync("-n", ns, "get", "deployment", "bad")).ErrorLines.Should().Contain("NotFound");
    }
}
