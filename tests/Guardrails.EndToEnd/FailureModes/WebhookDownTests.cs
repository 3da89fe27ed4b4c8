using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Paths;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.FailureModes;

/// <summary>
/// A webhook that is not running, through the chart's failure policies: the mutating webhook (Ignore) is skipped and the
/// object is judged unpatched; the validating webhook (Fail) refuses every matching write.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class WebhookDownTests(TestCluster cluster)
{
    [EndToEndFact]
    public async Task A_stopped_mutating_webhook_is_ignored_and_a_stopped_validating_webhook_fails_closed()
    {
        var up = await cluster.StartServeAsync("down-up");
        var down = await cluster.StartServeAsync("down-stopped");
        var registration = await cluster.RegisterAsync("down", WebhookMode.Both, validating: up, mutating: down);
        registration.Configurations.Select(c => (string)c["webhooks"]![0]!["failurePolicy"]!).Should().BeEquivalentTo(["Ignore", "Fail"]);
        var ns = await cluster.CreateNamespaceAsync("down", registration);
        (await down.StopAsync()).Should().Be(0, down.Process.LogTail());

        var unpatched = await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Deployment(ns, "unpatched", noEscalation: false));

        unpatched.ShouldSucceed();
        unpatched.Warnings.Should().Contain(w => w.StartsWith("[no-privilege-escalation] container app does not set allowPrivilegeEscalation: false", StringComparison.Ordinal), unpatched.Describe());
        (await cluster.Kubectl.RunAsync("-n", ns, "get", "deployment", "unpatched", "-o", "jsonpath={.spec.template.spec.containers[0].securityContext}")).Output.Should().BeEmpty("the mutating webhook did not run");

        await registration.SwitchToAsync(down);
        var refused = await Eventually.ReturnsAsync(
            () => cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Deployment(ns, "compliant")),
            result => result.ExitCode != 0,
            TimeSpan.FromSeconds(20),
            "the API server uses the moved url");

        refused.ErrorLines.Should().Contain("failed calling webhook \"validate.guardrails.dev\"").And.Contain("connection refused");
        (await cluster.Kubectl.RunAsync("-n", ns, "get", "deployment", "compliant")).ErrorLines.Should().Contain("NotFound");
        await registration.DisposeAsync();
    }
}
