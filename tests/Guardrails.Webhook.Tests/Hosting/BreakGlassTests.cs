namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>With <c>--break-glass</c> a would-be denial is admitted, and says so in warnings and the audit log.</summary>
public sealed class BreakGlassTests
{
    [Fact]
    public async Task A_violating_object_is_admitted_with_its_denials_as_warnings_and_an_audit_annotation()
    {
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels, configure: o => o with { BreakGlass = true });

        var (status, body, text) = await AdmissionClient.PostFixtureAsync(server.Client, "validate-create-deployment-ledger.json");

        status.Should().Be(200, text);
        var response = body!["response"]!;
        response["allowed"]!.GetValue<bool>().Should().BeTrue();
        response["status"].Should().BeNull();
        var warnings = response["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ToList();
        warnings.Should().Contain(w => w.StartsWith("[break-glass] would deny [health-probes/readiness-probe] container ledger", StringComparison.Ordinal))
            .And.Contain(w => w.StartsWith("[break-glass] would deny [resource-requests-limits/cpu-limit]", StringComparison.Ordinal));
        response["auditAnnotations"]!["break-glass"]!.GetValue<string>().Should().StartWith("guardrails denied Deployment payments-prod/ledger: [health-probes/readiness-probe]");
    }

    [Fact]
    public async Task A_compliant_object_gets_no_break_glass_warning()
    {
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels, configure: o => o with { BreakGlass = true });

        var (_, body, text) = await AdmissionClient.PostFixtureAsync(server.Client, "validate-create-deployment-checkout.json");

        body!["response"]!["allowed"]!.GetValue<bool>().Should().BeTrue(text);
        body["response"]!["auditAnnotations"]?["break-glass"].Should().BeNull();
        (body["response"]!["warnings"]?.AsArray().Select(w => w!.GetValue<string>()) ?? []).Should().NotContain(w => w.Contains("break-glass", StringComparison.Ordinal));
    }
}
