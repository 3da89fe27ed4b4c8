using System.Security.Cryptography;
using Guardrails.Chart.Tests.Helm;
using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests.Chart;

/// <summary>What <c>guardrails audit</c> needs from the chart: its RBAC behind a value, and the PolicyReport CRDs in crds/.</summary>
public sealed class AuditChartTests
{
    [Fact]
    public void The_default_values_grant_the_audit_nothing()
    {
        TestChart.Render().OfKind("ClusterRole").Select(r => (string?)r["metadata"]!["name"]).Should().Equal("guardrails");
    }

    [Fact]
    public void The_audit_role_reads_the_kinds_the_built_in_pack_matches_and_writes_policy_reports()
    {
        var chart = TestChart.Render(Scenarios.Audit);

        var role = chart.OfKind("ClusterRole").Single(r => (string?)r["metadata"]!["name"] == "guardrails-audit");
        var rules = role["rules"]!.AsArray().Select(r => (
            Groups: string.Join(",", WebhookConfigurationTests.Strings(r!["apiGroups"])),
            Resources: string.Join(",", WebhookConfigurationTests.Strings(r["resources"])),
            Verbs: string.Join(",", WebhookConfigurationTests.Strings(r["verbs"])))).ToList();
        rules.Should().Equal(
            ("", "namespaces,pods,replicationcontrollers,podtemplates", "get,list,watch"),
            ("apps", "deployments,statefulsets,daemonsets,replicasets", "list,watch"),
            ("batch", "jobs,cronjobs", "list,watch"),
            ("autoscaling", "horizontalpodautoscalers", "list,watch"),
            ("wgpolicyk8s.io", "policyreports,clusterpolicyreports", "get,create,update,delete"),
            ("", "services", "list,watch"));

        var binding = chart.OfKind("ClusterRoleBinding").Single(b => (string?)b["metadata"]!["name"] == "guardrails-audit");
        ((string?)binding["roleRef"]!["name"]).Should().Be("guardrails-audit");
        var subject = binding["subjects"]!.AsArray().Should().ContainSingle().Subject!;
        ((string?)subject["name"]).Should().Be((string?)chart.Single("ServiceAccount")["metadata"]!["name"]);
        ((string?)subject["namespace"]).Should().Be(TestChart.Namespace);
    }

    [Fact]
    public void The_background_audit_passes_its_interval_rate_and_lease_namespace_and_gets_its_rbac_and_a_role_for_the_lease()
    {
        var chart = TestChart.Render(Scenarios.BackgroundAudit);

        var args = WebhookConfigurationTests.Strings(chart.Single("Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]).ToList();
        string.Join(" ", args).Should().Contain($"--audit-interval 10m --audit-rate 5 --audit-lease-namespace {TestChart.Namespace}");
        chart.OfKind("ClusterRole").Select(r => (string?)r["metadata"]!["name"]).Should().Contain("guardrails-audit", "the audit reads the cluster and writes reports although audit.rbac.create is false");
        var role = chart.OfKind("Role").Single(r => (string?)r["metadata"]!["name"] == "guardrails-audit-lease");
        ((string?)role["metadata"]!["namespace"]).Should().Be(TestChart.Namespace);
        role["rules"]!.ToJsonString().Should().Be(
            """[{"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":["create"]},{"apiGroups":["coordination.k8s.io"],"resources":["leases"],"resourceNames":["guardrails-audit"],"verbs":["get","update"]}]""");
        var binding = chart.OfKind("RoleBinding").Single(b => (string?)b["metadata"]!["name"] == "guardrails-audit-lease");
        ((string?)binding["roleRef"]!["name"]).Should().Be("guardrails-audit-lease");
        TestChart.Render().OfKind("Role").Should().BeEmpty("the audit is off by default");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(3)]
    public async Task Both_helm_majors_install_the_policy_report_crds_from_the_crds_folder(int major)
    {
        var helm = major == 4 ? HelmTools.Helm4 : HelmTools.Helm3;
        var request = new RenderRequest() { IncludeCrds = true };

        var withCrds = await helm.RunAsync(request.TemplateArguments(RepoPaths.Chart), request.ValuesFile);
        var without = await helm.RunAsync(new RenderRequest().TemplateArguments(RepoPaths.Chart), "");

        withCrds.ExitCode.Should().Be(0, withCrds.ToString());
        var crds = ManifestReader.Read(WithoutEmptyDocuments(withCrds.Output)).OfKind("CustomResourceDefinition").ToList();
        crds.Select(c => (string?)c["metadata"]!["name"]).Should().BeEquivalentTo("policyreports.wgpolicyk8s.io", "clusterpolicyreports.wgpolicyk8s.io");
        crds.Should().OnlyContain(c => c["spec"]!["versions"]!.AsArray().Any(v => (string?)v!["name"] == "v1alpha2" && (bool)v["served"]!));
        ManifestReader.Read(without.Output).OfKind("CustomResourceDefinition").Should().BeEmpty("helm template leaves crds/ out unless asked");
    }

    // Upstream's files open with '---', so Helm prints an empty document (only its Source comment) before each.
    private static string WithoutEmptyDocuments(string output)
    {
        var documents = new List<List<string>> { new() };
        foreach (var line in output.Split('\n'))
        {
            if (line == "---")
            {
                documents.Add([]);
            }
            else
            {
                documents[^1].Add(line);
            }
        }

        // A document of comments only (the Source line) heads the document that follows it.
        var merged = new List<List<string>>();
        var pending = new List<string>();
        foreach (var lines in documents)
        {
            if (lines.Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith('#')))
            {
                merged.Add([.. pending, .. lines.Where(line => !(pending.Count > 0 && line.StartsWith("# Source: ", StringComparison.Ordinal)))]);
                pending = [];
            }
            else
            {
                pending.AddRange(lines.Where(line => line.StartsWith("# Source: ", StringComparison.Ordinal)));
            }
        }

        return string.Concat(merged.Select(lines => "---\n" + string.Join('\n', lines) + "\n"));
    }

    [Theory]
    [InlineData("wgpolicyk8s.io_policyreports.yaml", "bf77e933")]
    [InlineData("wgpolicyk8s.io_clusterpolicyreports.yaml", "7d5e164a")]
    public void The_crds_are_the_upstream_files_unchanged_with_their_licence(string file, string blob)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.Chart, "crds", file));
        var header = System.Text.Encoding.ASCII.GetBytes($"blob {bytes.Length}\0");
#pragma warning disable CA5350 // Git's object id, compared with upstream's, not a security measure.
        var id = Convert.ToHexString(SHA1.HashData([.. header, .. bytes])).ToLowerInvariant();
#pragma warning restore CA5350
        id.Should().StartWith(blob, "the copy is wg-policy-prototypes' policy-report/crd/v1alpha2 file, byte for byte");
        File.ReadAllText(Path.Combine(RepoPaths.Chart, "licenses", "wgpolicyk8s.io-LICENSE")).Should().Contain("Apache License");
    }
}
