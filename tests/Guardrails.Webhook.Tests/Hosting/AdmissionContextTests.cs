using System.Text;
using System.Text.Json.Nodes;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>What the namespace context and the exemptions file do to an answer, through the real server.</summary>
public sealed class AdmissionContextTests
{
    [Fact]
    public async Task Unknown_namespace_labels_deny_with_the_reason_instead_of_skipping_the_rule()
    {
        await using var server = await RunningWebhook.StartAsync(new Dictionary<string, Dictionary<string, string>>(), strictNamespaces: true);

        var (status, body, text) = await AdmissionClient.PostFixtureAsync(server.Client, "validate-create-statefulset-cache.json");

        status.Should().Be(200, text);
        var message = body!["response"]!["status"]!["message"]!.GetValue<string>();
        message.Should().StartWith("guardrails denied StatefulSet payments-prod/cache: [replica-minimum/min-replicas]")
            .And.EndWith(". Namespace labels were unavailable (the labels of namespace payments-prod are not configured (--no-cluster --strict-namespaces)), so namespace selectors were assumed to match");
    }

    [Fact]
    public async Task Applied_exemptions_are_audit_annotations_and_expired_ones_warnings()
    {
        var exemptions = Path.Combine(RepoPaths.Root, "tests", "Guardrails.Cli.Tests", "Fixtures", "check", "exemptions.yaml");
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels, exemptionsFile: exemptions);

        var (_, daemonSet, _) = await AdmissionClient.PostFixtureAsync(server.Client, "validate-create-daemonset-node-agent.json");
        var (_, pod, _) = await AdmissionClient.PostFixtureAsync(server.Client, "validate-create-pod-legacy-worker.json");

        var annotations = daemonSet!["response"]!["auditAnnotations"]!.AsObject();
        annotations["exempt.no-host-path.no-host-path"]!.GetValue<string>().Should()
            .Be($"the node agent reads the host filesystem read-only (ops-team, until 2099-12-31; {exemptions}:6)");
        daemonSet["response"]!["status"]!["message"]!.GetValue<string>().Should().NotContain("no-host-path");
        pod!["response"]!["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).Should()
            .Contain(w => w.StartsWith("[image-tag/pinned-tag] exemption expired on 2020-01-31", StringComparison.Ordinal));
        pod["response"]!["status"]!["message"]!.GetValue<string>().Should().Contain("[image-tag/pinned-tag]", "an expired exemption leaves the finding standing");
    }

    [Theory]
    [InlineData(true, "the annotation's value is empty, and that value must give the reason")]
    [InlineData(false, "no exemption entry allows the annotation for this object")]
    public async Task An_empty_exemption_annotation_is_refused_with_the_true_reason(bool entryAllowsIt, string refusal)
    {
        using var folder = new TempFolder();
        var exemptions = folder.Write("exemptions.yaml", $$"""
            apiVersion: guardrails.dev/v1
            kind: Exemptions
            spec:
              exemptions:
                - policy: image-tag
                  names: [{{(entryAllowsIt ? "legacy-worker" : "someone-else")}}]
                  allowAnnotation: true
                  owner: legacy-team
                  reason: teams may self-exempt while they migrate
                  expires: 2099-12-31
            """);
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels, exemptionsFile: exemptions);
        var review = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.AdmissionReviews, "validate-create-pod-legacy-worker.json")))!;
        review["request"]!["object"]!["metadata"]!["annotations"]!["guardrails.dev/exempt.image-tag"] = "";

        var (status, body, text) = await AdmissionClient.PostAsync(server.Client, "/validate?timeout=5s", Encoding.UTF8.GetBytes(review.ToJsonString()));

        status.Should().Be(200, text);
        body!["response"]!["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).Should()
            .Contain($"[image-tag/pinned-tag] the exemption annotation is refused: {refusal}; the finding stands");
        body["response"]!["status"]!["message"]!.GetValue<string>().Should().Contain("[image-tag/pinned-tag]", "a refused exemption leaves the finding standing");
    }
}
