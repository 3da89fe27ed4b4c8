using Guardrails.Webhook.Audit;
using Guardrails.Webhook.BackgroundAudit;
using Guardrails.Webhook.Telemetry;
using Guardrails.Webhook.Tests.Audit;

namespace Guardrails.Webhook.Tests.BackgroundAudit;

public sealed class AuditMetricsBuilderTests
{
    private static readonly AuditResource Deployments = AuditResources.Known.Single(r => r.Kind == "Deployment");

    private static AuditedObject Judged(string name, string image, string ns, bool probe = true)
    {
        var engine = new Engine.Evaluation.PolicyEngine(AuditTestPolicies.Policies, null);
        var judge = new AuditJudge(engine, new HashSet<string> { "Deployment" }, asDeny: false, ownerLabel: null);
        return judge.Judge(AuditObjects.Deployment(name, image, probe), Deployments, ns, new Dictionary<string, string>(), [])!;
    }

    [Fact]
    public void Counts_objects_per_finding_and_namespace_and_the_compliant_share_per_namespace()
    {
        var builder = new AuditMetricsBuilder(namespaceLimit: 10);
        var objects = new[] { Judged("good", "a:1", "shop"), Judged("unpinned", "a", "shop"), Judged("neither", "a", "web", probe: false), Judged("also", "b", "web") };
        var summary = Summarize(objects, "empty");
        builder.Add(objects);

        var snapshot = builder.Build(summary);

        snapshot.Findings.Should().Equal(
            new FindingCount("pinned", "tag", "deny", "shop", 1),
            new FindingCount("pinned", "tag", "deny", "web", 2),
            new FindingCount("probes", "readiness", "warn", "web", 1));
        snapshot.Compliance.Should().Equal(new NamespaceCompliance("empty", 1), new NamespaceCompliance("shop", 0.5), new NamespaceCompliance("web", 0));
    }

    [Fact]
    public void Namespaces_beyond_the_limit_are_summed_under_other()
    {
        var builder = new AuditMetricsBuilder(namespaceLimit: 2);
        var objects = Enumerable.Range(0, 5).Select(i => Judged($"d{i}", i % 2 == 0 ? "a" : "a:1", $"ns-{i}")).ToArray();
        builder.Add(objects);

        var snapshot = builder.Build(Summarize(objects));

        snapshot.Findings.Should().Equal(
            new FindingCount("pinned", "tag", "deny", "(other)", 2),
            new FindingCount("pinned", "tag", "deny", "ns-0", 1));
        snapshot.Compliance.Select(c => c.Namespace).Should().Equal("(other)", "ns-0", "ns-1");
        snapshot.Compliance[0].Ratio.Should().BeApproximately(1 / 3.0, 1e-9, "ns-2 and ns-4 break the rule, ns-3 does not");
    }

    [Fact]
    public void A_finding_fixed_since_the_last_pass_is_reported_once_as_zero_then_no_more()
    {
        var before = new[] { Judged("unpinned", "a", "shop"), Judged("gone", "a", "old") };
        var first = new AuditMetricsBuilder(namespaceLimit: 10);
        first.Add(before);
        var previous = first.Build(Summarize(before));
        var after = new[] { Judged("unpinned", "a:1", "shop") };
        var second = new AuditMetricsBuilder(namespaceLimit: 10);
        second.Add(after);

        var snapshot = second.Build(Summarize(after), previous);
        var third = new AuditMetricsBuilder(namespaceLimit: 10);
        third.Add(after);
        var later = third.Build(Summarize(after), snapshot);

        snapshot.Findings.Should().BeEquivalentTo([new FindingCount("pinned", "tag", "deny", "shop", 0), new FindingCount("pinned", "tag", "deny", "old", 0)]);
        snapshot.Compliance.Should().BeEquivalentTo([new NamespaceCompliance("shop", 1), new NamespaceCompliance("old", 1)]);
        later.Findings.Should().BeEmpty("a series already reported as 0 is not carried on");
        later.Compliance.Should().Equal(new NamespaceCompliance("shop", 1));
    }

    private static AuditSummary Summarize(IEnumerable<AuditedObject> objects, params string[] emptyNamespaces)
    {
        var summary = new AuditSummaryBuilder(null);
        foreach (var ns in emptyNamespaces)
        {
            summary.AddScope(ns);
        }

        foreach (var item in objects)
        {
            summary.AddScope(item.Namespace);
            summary.Add(item);
        }

        return summary.Build();
    }
}
