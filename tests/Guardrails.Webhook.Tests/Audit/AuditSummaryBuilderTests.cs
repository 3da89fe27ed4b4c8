using Guardrails.Engine.Format;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Exemptions;
using Guardrails.Webhook.Audit;

namespace Guardrails.Webhook.Tests.Audit;

public sealed class AuditSummaryBuilderTests
{
    private static readonly AuditResource Deployments = AuditResources.Known.Single(r => r.Kind == "Deployment");

    private static AuditedObject Judged(string name, string image, bool probe = false, string? team = null, string ns = "web", string expires = "2099-12-31")
    {
        var engine = new PolicyEngine(AuditTestPolicies.Policies, AuditTestPolicies.Exemptions(expires));
        var judge = new AuditJudge(engine, new HashSet<string> { "Deployment" }, asDeny: false, ownerLabel: "team");
        return judge.Judge(AuditObjects.Deployment(name, image, probe, team), Deployments, ns, new Dictionary<string, string>(), [])!;
    }

    [Fact]
    public void Counts_compliance_per_namespace_and_per_owner_and_ranks_the_rules_broken_most()
    {
        var builder = new AuditSummaryBuilder("team");
        builder.AddScope("empty");
        builder.Add(Judged("good", "a:1", probe: true, team: "payments"));
        builder.Add(Judged("unpinned", "a", probe: true, team: "payments"));
        builder.Add(Judged("no-probe", "a:1", ns: "shop"));
        builder.Add(Judged("neither", "a", ns: "shop", team: "search"));
        builder.AddReportedAtOwner();

        var summary = builder.Build();

        summary.Should().BeEquivalentTo(new { Objects = 4, Compliant = 1, Denied = 2, Warned = 1, Errored = 0, ReportedAtOwner = 1 });
        summary.Namespaces.Should().Equal(new ComplianceCount("empty", 0, 0), new ComplianceCount("shop", 2, 0), new ComplianceCount("web", 2, 1));
        summary.Owners.Should().Equal(new ComplianceCount("(none)", 1, 0), new ComplianceCount("payments", 2, 1), new ComplianceCount("search", 1, 0));
        summary.Namespaces[2].Ratio.Should().Be(0.5);
        summary.Rules.Should().Equal(new RuleCount("pinned", "tag", PolicyAction.Deny, 2, 2), new RuleCount("probes", "readiness", PolicyAction.Warn, 2, 1));
    }

    [Fact]
    public void Lists_the_exemptions_in_use_soonest_expiry_first_and_counts_each_object_once()
    {
        var builder = new AuditSummaryBuilder(null);
        builder.Add(Judged("legacy", "a", probe: true, expires: "2099-12-31"));
        builder.Add(Judged("legacy", "a", probe: true, ns: "shop", expires: "2099-12-31"));
        builder.Add(Judged("legacy", "a", probe: true, ns: "old", expires: "2020-01-31"));

        var summary = builder.Build();

        summary.Owners.Should().BeEmpty();
        summary.Exemptions.Select(e => (e.PolicyId, e.Status, e.Expires, e.Owner, e.Objects)).Should().Equal(
            ("pinned", ExemptionStatus.Expired, new DateOnly(2020, 1, 31), "legacy-team", 1),
            ("pinned", ExemptionStatus.Applied, new DateOnly(2099, 12, 31), "legacy-team", 2));
        summary.Compliant.Should().Be(2, "an exempted finding is no finding; an expired exemption leaves it standing");
    }
}
