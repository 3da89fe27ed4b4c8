using System.Text.Json.Nodes;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Checking;

/// <summary>The parity comparison itself, without a cluster: it must find every kind of difference it is there to find.</summary>
public sealed class FindingComparisonTests
{
    private static readonly CheckViolation Deny = new("image-tag", "pinned-tag", "deny", "container app uses image nginx, which is not pinned to a version tag or a digest", "Pin it.", "/spec/containers/0/image", "container", []);
    private static readonly CheckViolation Warn = new("run-as-non-root", "run-as-non-root", "warn", "Pod web may run a container as root: see /spec/securityContext", null, "/spec/securityContext", null, []);
    private static readonly CheckViolation Patched = new("no-privilege-escalation", "no-privilege-escalation", "warn", "container app does not set allowPrivilegeEscalation: false", null, "/spec/containers/0/securityContext",
        "container", [new JsonObject { ["op"] = "add", ["path"] = "/spec/containers/0/securityContext", ["value"] = new JsonObject { ["allowPrivilegeEscalation"] = false } }])
    {
        Container = "app",
        FixedInCluster = true,
        Sets = [new JsonObject { ["pointer"] = "/spec/containers/0/securityContext/allowPrivilegeEscalation", ["field"] = "securityContext.allowPrivilegeEscalation", ["value"] = false }],
    };

    private const string Denial = "admission webhook \"validate.guardrails.dev\" denied the request: guardrails denied Pod ns/web: [image-tag/pinned-tag] container app uses image nginx, which is not pinned to a version tag or a digest (fix: Pin it)";

    [Fact]
    public void The_same_findings_agree()
    {
        var cluster = Outcome(403, Denial, "[run-as-non-root] Pod web may run a container as root: see /spec/securityContext/runAsNonRoot", "[no-privilege-escalation] container app does not set allowPrivilegeEscalation: false");

        FindingComparison.Differences(WebhookMode.ValidatingOnly, Check(Deny, Warn, Patched), cluster).Should().BeEmpty();
    }

    [Fact]
    public void A_missing_deny_finding_a_changed_message_and_an_extra_warning_are_each_found()
    {
        var cluster = Outcome(403, Denial.Replace("nginx,", "nginx:latest,", StringComparison.Ordinal), "[run-as-non-root] Pod web may run a container as root: see /spec/securityContext", "[no-privilege-escalation] container app does not set allowPrivilegeEscalation: false", "[health-probes/liveness-probe] container app declares no liveness probe");

        var problems = FindingComparison.Differences(WebhookMode.ValidatingOnly, Check(Deny, Warn, Patched), cluster);

        problems.Should().HaveCount(3).And.Contain(p => p.StartsWith("deny [image-tag/pinned-tag]", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("[image-tag/pinned-tag] container app uses image nginx:latest", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("[health-probes/liveness-probe]", StringComparison.Ordinal));
    }

    [Fact]
    public void An_admission_the_check_denies_is_found()
    {
        FindingComparison.Differences(WebhookMode.ValidatingOnly, Check(Deny), Outcome(201, null)).Should().Contain(p => p.StartsWith("check denies the object", StringComparison.Ordinal));
    }

    [Fact]
    public void With_the_mutating_webhook_a_patched_finding_must_be_announced_instead_of_reported()
    {
        var check = Check(Patched);

        FindingComparison.Differences(WebhookMode.Both, check, Outcome(201, null)).Should().ContainSingle(p => p.Contains("is not announced", StringComparison.Ordinal));
        FindingComparison.Differences(WebhookMode.Both, check, Outcome(201, null, "[no-privilege-escalation] set securityContext.allowPrivilegeEscalation of container app to false")).Should().BeEmpty();
        FindingComparison.Differences(WebhookMode.Both, check, Outcome(201, null, "[no-privilege-escalation] set securityContext.allowPrivilegeEscalation of container app to nothing")).Should().ContainSingle(p => p.Contains("do not show the value false", StringComparison.Ordinal));
    }

    [Fact]
    public void The_api_servers_own_warnings_are_not_findings_and_a_422_is_never_agreement()
    {
        FindingComparison.Differences(WebhookMode.ValidatingOnly, Check(), Outcome(201, null, "spec.containers[0].resources.requests[memory]: fractional byte value \"100m\" is invalid, must be an integer")).Should().BeEmpty();
        FindingComparison.Differences(WebhookMode.Both, Check(Deny), Outcome(422, "Pod \"web\" is invalid")).Should().ContainSingle(p => p.Contains("422", StringComparison.Ordinal));
    }

    private static CheckObject Check(params CheckViolation[] violations) => new("web.yaml", 0, "Pod", "ns", "web", violations.Any(v => v.Action == "deny") ? "denied" : "passed", violations, [], [], []);

    private static ClusterOutcome Outcome(int status, string? message, params string[] warnings) => new("test", status, message, warnings, "");
}
