using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Paths;

/// <summary>Ephemeral containers, as <c>kubectl debug</c> adds them (the pods/ephemeralcontainers subresource).</summary>
[Collection(EndToEndSuite.Name)]
public sealed class DebugTests(TestCluster cluster)
{
    [EndToEndTheory]
    [InlineData(WebhookMode.Both)]
    [InlineData(WebhookMode.ValidatingOnly)]
    public async Task A_debug_container_with_a_pinned_image_is_admitted(WebhookMode mode)
    {
        var ns = await PodAsync(mode);

        var debug = await cluster.Kubectl.RunAsync("-n", ns, "debug", "pod/app", "--image=busybox:1.36.1", "-c", "debugger", "--profile=general");

        debug.ShouldSucceed();
        var stored = await cluster.Kubectl.RunAsync("-n", ns, "get", "pod", "app", "-o", "jsonpath={.spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation}");
        if (mode == WebhookMode.Both)
        {
            // The general profile adds SYS_PTRACE; the mutating webhook sets allowPrivilegeEscalation: false, and says so.
            stored.Output.Should().Be("false", debug.Describe());
            debug.ShouldAnnounce("no-privilege-escalation/no-privilege-escalation", "securityContext.allowPrivilegeEscalation", "false");
        }
        else
        {
            debug.Warnings.Should().Contain(w => w.StartsWith("[no-privilege-escalation] ephemeralContainer debugger", StringComparison.Ordinal), debug.Describe());
        }
    }

    [EndToEndTheory]
    [InlineData(WebhookMode.Both)]
    [InlineData(WebhookMode.ValidatingOnly)]
    public async Task A_privileged_debug_container_is_denied(WebhookMode mode)
    {
        var ns = await PodAsync(mode);

        var debug = await cluster.Kubectl.RunAsync("-n", ns, "debug", "pod/app", "--image=busybox:1.36.1", "-c", "debugger", "--profile=sysadmin");

        debug.ShouldBeDeniedBy("no-privileged/no-privileged");
        debug.ErrorLines.Should().Contain($"guardrails denied Pod {ns}/app (ephemeralcontainers)");
    }

    [EndToEndTheory]
    [InlineData(WebhookMode.Both)]
    [InlineData(WebhookMode.ValidatingOnly)]
    public async Task A_debug_container_with_an_unpinned_image_is_denied(WebhookMode mode)
    {
        var ns = await PodAsync(mode);

        var debug = await cluster.Kubectl.RunAsync("-n", ns, "debug", "pod/app", "--image=busybox", "-c", "debugger", "--profile=general");

        debug.ShouldBeDeniedBy("image-tag/pinned-tag");
        (await cluster.Kubectl.RunAsync("-n", ns, "get", "pod", "app", "-o", "jsonpath={.spec.ephemeralContainers}")).Output.Should().BeEmpty();
    }

    private async Task<string> PodAsync(WebhookMode mode)
    {
        var ns = await cluster.CreateNamespaceAsync("debug", (await cluster.SharedAsync()).For(mode));
        (await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Pod(ns, "app"))).ShouldSucceed();
        return ns;
    }
}
