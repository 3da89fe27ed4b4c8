using System.Text.Json.Nodes;
using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Paths;

namespace Guardrails.EndToEnd.Audit;

/// <summary>
/// <c>guardrails audit</c> against the real API server: objects written with the webhook off (their namespaces carry no
/// webhook scope), then audited with the built-in pack; reports written, replaced when an object is fixed and removed
/// when it is gone; the what-if mode; and a user without rights gets one clear line, never an empty report.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class AuditTests(TestCluster cluster)
{
    [EndToEndFact]
    public async Task A_deployment_and_the_replica_set_and_pod_it_controls_are_reported_once_at_the_deployment()
    {
        var ns = await cluster.CreateNamespaceAsync("audit-owners", scope: null, new Dictionary<string, string> { ["team"] = "shop" });
        await ApplyAsync(Manifests.Deployment(ns, "web", image: "registry.example.com/shop/app"));
        var deploymentUid = await UidAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web");
        await ApplyAsync(AuditManifests.OwnedReplicaSet(ns, "web-abc12", "web", deploymentUid));
        var replicaSetUid = await UidAsync($"/apis/apps/v1/namespaces/{ns}/replicasets/web-abc12");
        await ApplyAsync(AuditManifests.OwnedPod(ns, "web-abc12-x1", "apps/v1", "ReplicaSet", "web-abc12", replicaSetUid));
        await ApplyAsync(AuditManifests.OwnedPod(ns, "canary-1", "argoproj.io/v1alpha1", "Rollout", "canary", "0b4a7b8e-0000-4000-8000-000000000001"));
        await ApplyAsync(Manifests.Deployment(ns, "api"));

        var json = await AuditAsync(["-n", ns, "--owner-label", "team", "-f", "json"]);
        json.ExitCode.Should().Be(1, json.Describe());
        var report = JsonNode.Parse(json.Output)!;
        var objects = report["objects"]!.AsArray();
        objects.Select(o => $"{o!["kind"]} {o["name"]} {o["decision"]}").Should().BeEquivalentTo(
            ["Deployment api passed", "Deployment web denied", "Pod canary-1 denied"],
            "the ReplicaSet and its Pod are the Deployment's: judged there, not again");
        var web = objects.Single(o => (string?)o!["name"] == "web")!;
        ((string?)web["namespace"]).Should().Be(ns);
        ((string?)web["ownerLabel"]).Should().Be("shop", "the namespace's team label stands for the object's");
        web["violations"]!.AsArray().Select(v => $"{v!["policy"]}/{v["rule"]}").Should().Contain("image-tag/pinned-tag");
        var canary = objects.Single(o => (string?)o!["name"] == "canary-1")!;
        canary["owner"]!.ToJsonString().Should().Be("""{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","name":"canary"}""");
        var summary = report["summary"]!;
        ((int)summary["objects"]!).Should().Be(3);
        ((int)summary["compliant"]!).Should().Be(1);
        ((int)summary["reportedAtOwner"]!).Should().Be(2);
        summary["namespaces"]!.ToJsonString().Should().Be($$"""[{"name":"{{ns}}","objects":3,"compliant":1,"ratio":0.3333}]""");
        summary["owners"]!.ToJsonString().Should().Be("""[{"name":"shop","objects":3,"compliant":1,"ratio":0.3333}]""");
        ((string?)summary["rules"]![0]!["policy"]).Should().NotBeNull();
        ((string?)report["result"]).Should().Be("fail");

        var text = await AuditAsync(["-n", ns, "--owner-label", "team"]);
        text.ExitCode.Should().Be(1, text.Describe());
        text.Output.Should().Contain($"Deployment {ns}/web [team=shop]: denied")
            .And.Contain($"Pod {ns}/canary-1 (owned by Rollout/canary) [team=shop]: denied")
            .And.Contain("deny image-tag/pinned-tag: container app uses image registry.example.com/shop/app")
            .And.Contain("2 objects controlled by a judged owner")
            .And.NotContain("web-abc12");
        text.Output.TrimEnd().Split('\n')[^1].Should().StartWith("FAIL 3 objects in 1 namespace: 2 denied, 0 warned, 1 passed; 1 compliant (33%)");
    }

    [EndToEndFact]
    public async Task What_if_deny_fails_on_findings_that_only_warn_today()
    {
        var ns = await cluster.CreateNamespaceAsync("audit-whatif", scope: null);
        await ApplyAsync(Manifests.Deployment(ns, "api", noEscalation: false));

        var today = await AuditAsync(["-n", ns]);
        today.ExitCode.Should().Be(0, today.Describe());
        today.Output.Should().Contain($"Deployment {ns}/api: warned").And.Contain("warn no-privilege-escalation/no-privilege-escalation");

        var whatIf = await AuditAsync(["-n", ns, "--as", "deny"]);
        whatIf.ExitCode.Should().Be(1, whatIf.Describe());
        whatIf.Output.Should().Contain($"Deployment {ns}/api: denied").And.Contain("deny no-privilege-escalation/no-privilege-escalation")
            .And.Contain("what-if: every policy as deny");
    }

    [EndToEndFact]
    public async Task Policy_reports_are_written_replaced_when_an_object_is_fixed_and_removed_when_it_is_deleted()
    {
        await ReportCrds.InstallAsync(cluster);
        var ns = await cluster.CreateNamespaceAsync("audit-reports", scope: null);
        await ApplyAsync(Manifests.Deployment(ns, "api", image: "registry.example.com/shop/api"));
        await ApplyAsync(Manifests.Deployment(ns, "web"));
        var reportPath = $"/apis/wgpolicyk8s.io/v1alpha2/namespaces/{ns}/policyreports/guardrails-audit";

        (await AuditAsync(["-n", ns, "--write-reports"])).ExitCode.Should().Be(1);
        var first = await ReportAsync(reportPath);
        Results(first, "fail").Should().Contain(("api", "image-tag")).And.NotContain(r => r.Name == "web");
        Results(first, "pass").Should().Contain(("web", "image-tag"));
        ((int)first["summary"]!["fail"]!).Should().Be(Results(first, "fail").Count);

        await ApplyAsync(Manifests.Deployment(ns, "api"));
        (await AuditAsync(["-n", ns, "--write-reports"])).ExitCode.Should().Be(0);
        var fixedReport = await ReportAsync(reportPath);
        Results(fixedReport, "fail").Should().BeEmpty("the results of the object before its fix are gone, not kept beside the new ones");
        Results(fixedReport, "pass").Should().Contain(("api", "image-tag"));
        ((string?)fixedReport["metadata"]!["uid"]).Should().Be((string?)first["metadata"]!["uid"], "the report is replaced in place");

        (await cluster.Kubectl.RunAsync("delete", "deployment", "api", "-n", ns)).ShouldSucceed();
        (await AuditAsync(["-n", ns, "--write-reports"])).ExitCode.Should().Be(0);
        var afterDelete = await ReportAsync(reportPath);
        afterDelete["results"]!.AsArray().Should().NotContain(r => (string?)r!["resources"]![0]!["name"] == "api");

        (await cluster.Kubectl.RunAsync("delete", "deployment", "web", "-n", ns)).ShouldSucceed();
        (await AuditAsync(["-n", ns, "--write-reports"])).ExitCode.Should().Be(0);
        (await cluster.Api.GetAsync(reportPath)).Reason.Should().Be("NotFound", "a namespace with nothing left to judge keeps no report");
    }

    [EndToEndFact]
    public async Task A_user_without_rights_gets_one_line_that_names_what_was_denied_and_no_report()
    {
        var ns = await cluster.CreateNamespaceAsync("audit-rbac", scope: null);
        await ApplyAsync(Manifests.Deployment(ns, "api", image: "registry.example.com/shop/api"));

        foreach (var args in new[] { new[] { "-f", "json" }, new[] { "-n", ns } })
        {
            var denied = await cluster.Guardrails.RunAsync(["audit", "--kubeconfig", cluster.NobodyKubeconfigPath, .. args]);

            denied.ExitCode.Should().Be(2, denied.Describe());
            var error = denied.Errors.Trim();
            error.Split('\n').Should().ContainSingle(denied.Describe());
            error.Should().StartWith("error: cannot ").And.Contain("403 Forbidden").And.Contain("User \"nobody\" cannot");
            error.Should().Contain(args[0] == "-n" ? $"get resource \"namespaces\"" : "list resource \"namespaces\"");
            denied.Output.Should().NotContain("PASS").And.NotContain("\"result\"");
        }
    }

    private async Task<ProcessResult> AuditAsync(IEnumerable<string> args) =>
        await cluster.Guardrails.RunAsync(["audit", "--kubeconfig", cluster.KubeconfigPath, .. args]);

    private async Task ApplyAsync(string manifest) => (await cluster.Kubectl.RunAsync(["apply", "-f", "-"], manifest)).ShouldSucceed();

    private async Task<string> UidAsync(string path) =>
        Kubernetes.ApiServer.Require(await cluster.Api.GetAsync(path), $"get {path}").Json!["metadata"]!["uid"]!.GetValue<string>();

    private async Task<JsonNode> ReportAsync(string path) => Kubernetes.ApiServer.Require(await cluster.Api.GetAsync(path), $"get {path}").Json!;

    private static List<(string Name, string Policy)> Results(JsonNode report, string outcome) =>
        [.. report["results"]!.AsArray()
            .Where(r => (string?)r!["result"] == outcome)
            .Select(r => ((string)r!["resources"]![0]!["name"]!, (string)r["policy"]!))];
}
