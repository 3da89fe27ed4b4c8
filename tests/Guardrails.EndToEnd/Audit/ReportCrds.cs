using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Paths;

namespace Guardrails.EndToEnd.Audit;

/// <summary>The chart's PolicyReport CRDs, installed once per run.</summary>
internal static class ReportCrds
{
    public static Task<bool> InstallAsync(TestCluster cluster) => cluster.Once("policy-report-crds", async () =>
    {
        (await cluster.Kubectl.RunAsync("apply", "-f", Path.Combine(RepoPaths.Chart, "crds"))).ShouldSucceed();
        // Right after the apply, `kubectl wait` can find a CRD without conditions yet and give up: ask until both are served.
        await Eventually.ReturnsAsync(
            () => cluster.Kubectl.RunAsync("get", "crd", "policyreports.wgpolicyk8s.io", "clusterpolicyreports.wgpolicyk8s.io", "-o", "jsonpath={.items[*].status.conditions[?(@.type==\"Established\")].status}"),
            result => result.ExitCode == 0 && result.Process.Output.Trim() == "True True",
            TimeSpan.FromSeconds(60),
            "the PolicyReport CRDs are established");
        return true;
    });
}
