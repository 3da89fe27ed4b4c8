using System.Diagnostics;
using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Paths;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.FailureModes;

/// <summary>
/// A webhook that accepts connections and never answers (SIGSTOP): the API server waits the configured
/// <c>webhook.timeoutSeconds</c> (3 here, to keep the suite short; the chart's value, rendered by helm), then applies the
/// chart's failure policy.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class WebhookHungTests(TestCluster cluster)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    [EndToEndFact]
    public async Task A_hung_validating_webhook_fails_closed_after_the_configured_timeout()
    {
        var hung = await cluster.StartServeAsync("hung-validating");
        var registration = await cluster.RegisterAsync("hung-validating", WebhookMode.ValidatingOnly, hung, helmSet: ["webhook.timeoutSeconds=3"]);
        registration.Configurations.Single()["webhooks"]![0]!["timeoutSeconds"]!.GetValue<long>().Should().Be(3);
        var ns = await cluster.CreateNamespaceAsync("hung", registration);

        hung.Pause();
        try
        {
            var clock = Stopwatch.StartNew();
            var created = await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Deployment(ns, "web"));
            clock.Stop();

            created.ExitCode.Should().NotBe(0, created.Describe());
            created.ErrorLines.Should().Contain("failed calling webhook \"validate.guardrails.dev\"").And.Contain("context deadline exceeded");
            clock.Elapsed.Should().BeGreaterThanOrEqualTo(Timeout).And.BeLessThan(Timeout + TimeSpan.FromSeconds(15), "the API server gives up after the configured timeout");
        }
        finally
        {
            hung.Resume();
        }

        (await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Deployment(ns, "after"))).ShouldSucceed();
        await registration.DisposeAsync();
    }

    [EndToEndFact]
    public async Task A_hung_mutating_webhook_is_ignored_after_the_configured_timeout()
    {
        var up = await cluster.StartServeAsync("hung-up");
        var hung = await cluster.StartServeAsync("hung-mutating");
        var registration = await cluster.RegisterAsync("hung-mutating", WebhookMode.Both, validating: up, mutating: hung, helmSet: ["webhook.timeoutSeconds=3"]);
        var ns = await cluster.CreateNamespaceAsync("hung", registration);

        hung.Pause();
        try
        {
            var clock = Stopwatch.StartNew();
            var created = await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Deployment(ns, "web", noEscalation: false));
            clock.Stop();

            created.ShouldSucceed();
            created.Warnings.Should().Contain(w => w.StartsWith("[no-privilege-escalation]", StringComparison.Ordinal), "the validating webhook judged the unpatched object: " + created.Describe());
            clock.Elapsed.Should().BeGreaterThanOrEqualTo(Timeout).And.BeLessThan(Timeout + TimeSpan.FromSeconds(15));
        }
        finally
        {
            hung.Resume();
        }

        await registration.DisposeAsync();
    }
}
