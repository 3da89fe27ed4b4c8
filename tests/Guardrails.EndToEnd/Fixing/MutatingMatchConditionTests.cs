using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Paths;

namespace Guardrails.EndToEnd.Fixing;

/// <summary>
/// The chart's matchCondition on the mutating webhook (generated from the built-in pack): the API server calls the
/// webhook for an object a fix changes and skips it for one no fix could change, which the validating webhook still
/// judges. Read from the webhook's decision log, so a condition that skipped too much (a lost fix) or too little (no
/// call saved) fails here.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class MutatingMatchConditionTests(TestCluster cluster)
{
    [EndToEndFact]
    public async Task The_api_server_calls_the_mutating_webhook_only_for_objects_a_fix_changes()
    {
        var shared = await cluster.SharedAsync();
        var ns = await cluster.CreateNamespaceAsync("skipped", shared.Both, Manifests.Production);

        var compliant = await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Deployment(ns, "compliant"));
        var unlimited = await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Deployment(ns, "unlimited", resources: false));
        var escalating = await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Pod(ns, "escalating").Replace("securityContext: {allowPrivilegeEscalation: false}", "securityContext: {readOnlyRootFilesystem: true}", StringComparison.Ordinal));

        compliant.ShouldSucceed();
        compliant.Warnings.Should().BeEmpty();
        unlimited.ShouldSucceed();
        unlimited.ShouldAnnounce("resource-requests-limits/cpu-limit", "resources.limits.cpu", "500m");
        escalating.ShouldSucceed();
        escalating.ShouldAnnounce("no-privilege-escalation/no-privilege-escalation", "securityContext.allowPrivilegeEscalation", "false");
        await Task.Delay(500); // the decision log is written in batches
        var decisions = shared.Serve.Decisions().Where(d => d.Object.StartsWith(ns + "/", StringComparison.Ordinal)).ToList();
        decisions.Where(d => d.Webhook == "validate").Select(d => d.Object).Should().BeEquivalentTo([$"{ns}/compliant", $"{ns}/unlimited", $"{ns}/escalating"]);
        decisions.Where(d => d.Webhook == "mutate").Select(d => d.Object).Should().BeEquivalentTo([$"{ns}/unlimited", $"{ns}/escalating"],
            "the API server skips the mutating webhook for the compliant Deployment");
    }
}
