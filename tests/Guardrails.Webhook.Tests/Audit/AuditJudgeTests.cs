using Guardrails.Engine.Format;
using Guardrails.Engine.Evaluation;
using Guardrails.Webhook.Audit;

namespace Guardrails.Webhook.Tests.Audit;

public sealed class AuditJudgeTests
{
    private static readonly AuditResource Deployments = AuditResources.Known.Single(r => r.Kind == "Deployment");
    private static readonly AuditResource Pods = AuditResources.Known.Single(r => r.Kind == "Pod");
    private static readonly Dictionary<string, string> WebLabels = new() { ["kubernetes.io/metadata.name"] = "web", ["team"] = "platform" };

    private static AuditJudge Judge(bool asDeny = false, string? ownerLabel = null, params string[] judged) =>
        new(new PolicyEngine(AuditTestPolicies.Policies), new HashSet<string>(judged.Length == 0 ? ["Deployment", "ReplicaSet", "Pod"] : judged), asDeny, ownerLabel);

    [Fact]
    public void A_pod_whose_replica_set_is_judged_is_reported_there_not_again()
    {
        Judge().Judge(AuditObjects.Pod("web-abc-1", "ReplicaSet/web-abc"), Pods, "web", WebLabels, []).Should().BeNull();
    }

    [Fact]
    public void A_pod_of_an_owner_kind_that_is_not_judged_is_judged_with_its_owner_named()
    {
        var judged = Judge().Judge(AuditObjects.Pod("canary-1", "Rollout/canary"), Pods, "web", WebLabels, [])!;

        judged.Should().NotBeNull();
        judged.Owner.Should().Be(new OwnerReference("apps/v1", "Rollout", "canary"));
        judged.DisplayName.Should().Be("Pod web/canary-1");
        judged.Result.Violations.Select(v => v.PolicyId).Should().Equal("pinned", "probes");
    }

    [Fact]
    public void A_pod_is_judged_when_its_replica_set_kind_is_not_listed()
    {
        Judge(judged: ["Pod"]).Judge(AuditObjects.Pod("web-abc-1", "ReplicaSet/web-abc"), Pods, "web", WebLabels, []).Should().NotBeNull();
    }

    [Fact]
    public void A_deployment_is_judged_with_its_name_uid_and_verdict()
    {
        var judged = Judge().Judge(AuditObjects.Deployment("api", "registry/api"), Deployments, "web", WebLabels, [])!;

        judged.Should().BeEquivalentTo(new { ApiVersion = "apps/v1", Kind = "Deployment", Namespace = "web", Name = "api", Uid = "uid-api", Owner = (OwnerReference?)null, Compliant = false });
        judged.Result.Denied.Should().BeTrue();
        judged.Result.Violations.Select(v => (v.PolicyId, v.Action)).Should().Equal(("pinned", PolicyAction.Deny), ("probes", PolicyAction.Warn));
    }

    [Fact]
    public void What_if_deny_turns_every_finding_into_a_denial()
    {
        var warnedOnly = AuditObjects.Deployment("api", "registry/api:1.2");
        Judge().Judge(warnedOnly, Deployments, "web", WebLabels, [])!.Result.Denied.Should().BeFalse();

        var whatIf = Judge(asDeny: true).Judge(warnedOnly, Deployments, "web", WebLabels, [])!;
        whatIf.Result.Denied.Should().BeTrue();
        whatIf.Result.Violations.Should().ContainSingle().Which.Should().Match<Violation>(v => v.PolicyId == "probes" && v.Action == PolicyAction.Deny);
    }

    [Fact]
    public void A_compliant_object_stays_compliant_under_what_if()
    {
        var judged = Judge(asDeny: true).Judge(AuditObjects.Deployment("api", "registry/api:1.2", probe: true), Deployments, "web", WebLabels, [])!;
        judged.Compliant.Should().BeTrue();
        judged.Result.Denied.Should().BeFalse();
    }

    [Fact]
    public void The_owner_label_comes_from_the_object_else_from_its_namespace()
    {
        var judge = Judge(ownerLabel: "team");
        judge.Judge(AuditObjects.Deployment("api", "a:1", team: "payments"), Deployments, "web", WebLabels, [])!.OwnerLabel.Should().Be("payments");
        judge.Judge(AuditObjects.Deployment("api", "a:1"), Deployments, "web", WebLabels, [])!.OwnerLabel.Should().Be("platform");
        judge.Judge(AuditObjects.Deployment("api", "a:1"), Deployments, "web", new Dictionary<string, string>(), [])!.OwnerLabel.Should().BeNull();
        Judge().Judge(AuditObjects.Deployment("api", "a:1", team: "payments"), Deployments, "web", WebLabels, [])!.OwnerLabel.Should().BeNull();
    }
}
