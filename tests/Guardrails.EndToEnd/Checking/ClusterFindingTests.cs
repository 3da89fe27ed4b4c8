namespace Guardrails.EndToEnd.Checking;

public sealed class ClusterFindingTests
{
    [Fact]
    public void A_denial_splits_into_its_findings_without_the_fixes()
    {
        var findings = ClusterFinding.Denials("guardrails denied Deployment ns/web: [health-probes/readiness-probe] container app declares no readiness probe (fix: Add one (for example httpGet); really); [image-tag/pinned-tag] container app uses image nginx, which is not pinned");

        findings.Select(f => (f.Tag, f.Text)).Should().Equal(
            ("health-probes/readiness-probe", "container app declares no readiness probe"),
            ("image-tag/pinned-tag", "container app uses image nginx, which is not pinned"));
    }

    [Fact]
    public void A_warning_named_like_its_policy_has_the_rule_of_the_same_name_and_a_clipped_one_says_so()
    {
        var warning = ClusterFinding.Warning("[run-as-non-root] Pod web may run a container as root: see…")!;

        warning.Tag.Should().Be("run-as-non-root/run-as-non-root");
        warning.Clipped.Should().BeTrue();
        ClusterFinding.Warning("guardrails: 3 more warnings not shown; run guardrails check for all").Should().BeNull();
        ClusterFinding.FromGuardrails("spec.containers[0]: fractional byte value").Should().BeFalse();
    }
}
