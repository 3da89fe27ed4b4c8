using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>The handler's last resort: an exception nothing expected is a 500 with a reason, logged and counted.</summary>
[Collection(ExactMetricsGroup.Name)]
public sealed class UnexpectedFailureTests
{
    [Fact]
    public async Task An_unexpected_exception_is_answered_500_with_a_reason_logged_and_counted()
    {
        using var logs = new ListLoggerProvider();
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels, namespaceSource: new FailingNamespaceLabels(), logs: logs);

        var (status, json, text) = await AdmissionClient.PostFixtureAsync(server.Client, "validate-create-deployment-checkout.json");
        var (again, _, _) = await AdmissionClient.PostFixtureAsync(server.Client, "mutate-create-deployment-checkout.json");

        again.Should().Be(500, "the server goes on answering");
        status.Should().Be(500, text);
        json!["detail"]!.GetValue<string>().Should().Be("guardrails failed on this request (InvalidOperationException), so it was not judged; the error is in the webhook's log");
        logs.Logger.At(LogLevel.Error).Should().Contain(m => m.Contains("admission validate: unexpected failure; answered 500 (not judged)", StringComparison.Ordinal));
        var metrics = await server.Client.GetStringAsync("/metrics");
        Regex.IsMatch(metrics, "guardrails_admission_requests(_total)?\\{[^}]*decision=\"error\"[^}]*webhook=\"validate\"[^}]*\\} 1").Should().BeTrue(metrics);
        Regex.IsMatch(metrics, "guardrails_admission_requests(_total)?\\{[^}]*decision=\"error\"[^}]*webhook=\"mutate\"[^}]*\\} 1").Should().BeTrue(metrics);
    }
}
