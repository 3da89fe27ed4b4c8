using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrails.Engine.Evaluation;
using Guardrails.Webhook.Audit;

namespace Guardrails.Webhook.Tests.Audit;

public sealed class PolicyReportBuilderTests
{
    private static readonly AuditResource Deployments = AuditResources.Known.Single(r => r.Kind == "Deployment");
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static AuditedObject Judged(string name, string image, bool probe = false)
    {
        var judge = new AuditJudge(new PolicyEngine(AuditTestPolicies.Policies, AuditTestPolicies.Exemptions("2099-12-31")), new HashSet<string> { "Deployment" }, false, null);
        return judge.Judge(AuditObjects.Deployment(name, image, probe), Deployments, "web", new Dictionary<string, string>(), [])!;
    }

    [Fact]
    public void A_namespace_report_has_a_result_per_finding_a_pass_per_clean_policy_and_a_skip_per_exemption()
    {
        var builder = new PolicyReportBuilder(AuditTestPolicies.Policies, Now);
        builder.Add(Judged("good", "a:1", probe: true));
        builder.Add(Judged("bad", "a"));
        builder.Add(Judged("legacy", "a", probe: true));

        var report = JsonNode.Parse(builder.Build("web", null))!;

        report["apiVersion"]!.GetValue<string>().Should().Be("wgpolicyk8s.io/v1alpha2");
        report["kind"]!.GetValue<string>().Should().Be("PolicyReport");
        report["metadata"]!["name"]!.GetValue<string>().Should().Be("guardrails-audit");
        report["metadata"]!["namespace"]!.GetValue<string>().Should().Be("web");
        report["metadata"]!["resourceVersion"].Should().BeNull();
        report["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>().Should().Be("guardrails");
        var results = report["results"]!.AsArray().Select(r => (
            Name: r!["resources"]![0]!["name"]!.GetValue<string>(),
            Policy: r["policy"]!.GetValue<string>(),
            Rule: r["rule"]?.GetValue<string>(),
            Result: r["result"]!.GetValue<string>())).ToList();
        results.Should().BeEquivalentTo(new[]
        {
            ("good", "pinned", (string?)null, "pass"),
            ("good", "probes", (string?)null, "pass"),
            ("bad", "pinned", "tag", "fail"),
            ("bad", "probes", "readiness", "warn"),
            ("legacy", "pinned", "tag", "skip"),
            ("legacy", "probes", (string?)null, "pass"),
        });
        report["summary"]!.ToJsonString().Should().Be("""{"pass":3,"fail":1,"warn":1,"error":0,"skip":1}""");
        var failed = report["results"]!.AsArray().Single(r => r!["result"]!.GetValue<string>() == "fail")!;
        failed["message"]!.GetValue<string>().Should().Be("app is not pinned");
        failed["severity"]!.GetValue<string>().Should().Be("medium");
        failed["properties"]!["pointer"]!.GetValue<string>().Should().Be("/spec/template/spec/containers/0/image");
        failed["timestamp"]!["seconds"]!.GetValue<long>().Should().Be(Now.ToUnixTimeSeconds());
        failed["resources"]![0]!["uid"]!.GetValue<string>().Should().Be("uid-bad");
    }

    [Fact]
    public void A_namespace_with_more_results_than_fit_keeps_its_report_under_the_api_servers_limit_findings_first_and_counts_them_all()
    {
        var builder = new PolicyReportBuilder(AuditTestPolicies.Policies, Now);
        var bad = Judged("bad", "a");
        var good = Judged("good", "a:1", probe: true);
        for (var i = 0; i < 6000; i++)
        {
            builder.Add(bad with { Name = $"bad-{i:D5}-with-a-long-name-as-generated-names-are" });
            builder.Add(good with { Name = $"good-{i:D5}" });
        }

        var body = builder.Build("web", null);

        body.Length.Should().BeLessThan(1536 * 1024, "etcd refuses a request over 1.5 MiB by default");
        var report = JsonNode.Parse(body)!;
        var summary = report["summary"]!;
        ((int)summary["fail"]!).Should().Be(6000, "the summary counts every result, written or not");
        ((int)summary["warn"]!).Should().Be(6000);
        ((int)summary["pass"]!).Should().Be(6000 * 2);
        var written = report["results"]!.AsArray().GroupBy(r => (string)r!["result"]!).ToDictionary(g => g.Key, g => g.Count());
        written.Should().NotContainKey("pass", "findings come first: no room is left for passes");
        (written["fail"] + written["warn"]).Should().BeGreaterThan(2000).And.BeLessThan(12000);
        var omitted = (string)report["metadata"]!["annotations"]!["guardrails.dev/omitted-results"]!;
        omitted.Should().StartWith($"{24000 - written["fail"] - written["warn"]} of 24000 results left out to keep the report under the API server's size limit (12000 pass, ")
            .And.EndWith("the summary counts them all; guardrails audit -n lists every one");
    }

    [Fact]
    public void A_report_that_fits_is_written_whole_without_the_omitted_annotation()
    {
        var builder = new PolicyReportBuilder(AuditTestPolicies.Policies, Now);
        builder.Add(Judged("bad", "a"));

        var report = JsonNode.Parse(builder.Build("web", null))!;

        report["metadata"]!["annotations"]!["guardrails.dev/omitted-results"].Should().BeNull();
        report["results"]!.AsArray().Count.Should().Be((int)report["summary"]!["fail"]! + (int)report["summary"]!["warn"]! + (int)report["summary"]!["pass"]!);
    }

    [Fact]
    public void A_replacement_carries_the_resource_version_and_the_cluster_report_has_no_namespace()
    {
        var builder = new PolicyReportBuilder(AuditTestPolicies.Policies, Now);
        using var report = JsonDocument.Parse(builder.Build(null, "42"));

        report.RootElement.GetProperty("kind").GetString().Should().Be("ClusterPolicyReport");
        report.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString().Should().Be("42");
        report.RootElement.GetProperty("metadata").TryGetProperty("namespace", out _).Should().BeFalse();
        report.RootElement.GetProperty("results").GetArrayLength().Should().Be(0);
    }
}
