using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Paths;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Audit;

/// <summary>
/// <c>serve --audit-interval</c> against the real API server: two replicas with the audit on, of which the Lease lets one
/// audit; the reports it writes and replaces when an object is fixed; the figures on /metrics; and the other replica taking
/// over when the first stops.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed partial class BackgroundAuditTests(TestCluster cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [EndToEndFact]
    public async Task Of_two_replicas_one_audits_keeps_the_reports_current_and_exports_the_figures_and_the_other_takes_over_when_it_stops()
    {
        await ReportCrds.InstallAsync(cluster);
        var ns = await cluster.CreateNamespaceAsync("bg-audit", scope: null);
        var leases = await cluster.CreateNamespaceAsync("bg-audit-lease", scope: null);
        await ApplyAsync(Manifests.Deployment(ns, "api", image: "registry.example.com/shop/api"));
        await ApplyAsync(Manifests.Deployment(ns, "web"));
        var reportPath = $"/apis/wgpolicyk8s.io/v1alpha2/namespaces/{ns}/policyreports/guardrails-audit";
        var leasePath = $"/apis/coordination.k8s.io/v1/namespaces/{leases}/leases/guardrails-audit";
        var settings = new ServeSettings { Arguments = ["--audit-interval", "2s", "--audit-lease-namespace", leases, "--audit-rate", "1000"] };
        var first = await cluster.StartServeAsync("bg-audit-a", settings);
        var second = await cluster.StartServeAsync("bg-audit-b", settings);
        try
        {
            var report = await Eventually.ReturnsAsync(() => ReportAsync(reportPath), r => r is not null && Failing(r).Contains("api"), Patience, "the background audit writes the namespace's report with api failing");
            Failing(report!).Should().NotContain("web");

            var lease = (await cluster.Api.GetAsync(leasePath)).Json!;
            var holder = (string)lease["spec"]!["holderIdentity"]!;
            var (leader, follower) = await LeaderAsync(first, second);
            await Task.Delay(TimeSpan.FromSeconds(5));
            Passes(await follower.MetricsAsync()).Should().Be(0, $"the Lease is held by {holder}: one replica audits\n{follower.Process.LogTail()}");
            follower.Process.Log().Should().NotContain("background audit pass:");
            var metrics = await leader.MetricsAsync();
            Passes(metrics).Should().BeGreaterThan(0);
            metrics.Should().MatchRegex($"guardrails_audit_findings\\{{[^}}]*action=\"deny\",namespace=\"{ns}\",policy=\"image-tag\",rule=\"pinned-tag\"[^}}]*\\}} 1\\s")
                .And.MatchRegex($"guardrails_audit_compliance_ratio\\{{[^}}]*namespace=\"{ns}\"[^}}]*\\}} 0.5\\s");

            await ApplyAsync(Manifests.Deployment(ns, "api"));
            var fixedReport = await Eventually.ReturnsAsync(() => ReportAsync(reportPath), r => r is not null && Failing(r).Count == 0, Patience, "the next pass replaces the report without api's failure");
            ((string?)fixedReport!["metadata"]!["uid"]).Should().Be((string?)report!["metadata"]!["uid"], "the report is replaced in place");

            (await leader.StopAsync()).Should().Be(0);
            var released = (await cluster.Api.GetAsync(leasePath)).Json!;
            // Given up (no holder), or already taken by the other replica, which may have asked in between.
            ((string?)released["spec"]!["holderIdentity"]).Should().NotBe(holder, "the stopping replica gives the lease up");
            await Eventually.ReturnsAsync(async () => Passes(await follower.MetricsAsync()), passes => passes > 0, TimeSpan.FromSeconds(30), "the other replica takes over and audits");
        }
        finally
        {
            await first.StopAsync();
            await second.StopAsync();
        }
    }

    [EndToEndFact]
    public async Task A_bad_interval_is_one_clear_line_and_exit_code_2()
    {
        var result = await cluster.Guardrails.RunAsync(["serve", "--self-signed", "--kubeconfig", cluster.KubeconfigPath, "--audit-interval", "5x"]);

        result.ExitCode.Should().Be(2, result.Describe());
        result.Errors.Trim().Should().Be("error: --audit-interval 5x is not a duration (for example 30s, 10m, 1h30m)");
    }

    // Which replica audits: the one whose /metrics counts a pass.
    private static async Task<(ServeInstance Leader, ServeInstance Follower)> LeaderAsync(ServeInstance a, ServeInstance b)
    {
        var (passesA, passesB) = await Eventually.ReturnsAsync(
            async () => (Passes(await a.MetricsAsync()), Passes(await b.MetricsAsync())),
            p => p.Item1 + p.Item2 > 0,
            Patience,
            "a replica counts a pass");
        return passesA > 0 ? (a, b) : (b, a);
    }

    private static long Passes(string metrics) =>
        PassLine().Matches(metrics).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    private async Task<JsonNode?> ReportAsync(string path)
    {
        var response = await cluster.Api.GetAsync(path);
        return response.Reason == "NotFound" ? null : Kubernetes.ApiServer.Require(response, $"get {path}").Json;
    }

    private static List<string> Failing(JsonNode report) =>
        [.. report["results"]!.AsArray().Where(r => (string?)r!["result"] == "fail").Select(r => (string)r!["resources"]![0]!["name"]!).Distinct()];

    private async Task ApplyAsync(string manifest) => (await cluster.Kubectl.RunAsync(["apply", "-f", "-"], manifest)).ShouldSucceed();

    [GeneratedRegex(@"^guardrails_audit_passes_total\{[^}]*result=""success""[^}]*\} (\d+)", RegexOptions.Multiline)]
    private static partial Regex PassLine();
}
