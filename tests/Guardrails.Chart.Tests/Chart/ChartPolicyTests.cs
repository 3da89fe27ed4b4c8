using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests.Chart;

/// <summary>
/// The chart obeys its own rules: its rendered objects go through the real <c>guardrails check</c> with the built-in
/// pack and come out with no deny and no warn finding. Namespace labels are unknown (<c>--strict-namespaces</c>), so
/// policies for production namespaces apply as well.
/// </summary>
public sealed class ChartPolicyTests
{
    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public void The_rendered_chart_passes_the_built_in_pack_without_a_finding(string scenario)
    {
        var chart = TestChart.Render(Scenarios.Named(scenario));
        using var temp = new TempFolder();
        var manifest = Path.Combine(temp.Path, "chart.yaml");
        File.WriteAllText(manifest, chart.Manifest);

        var outcome = GuardrailsCheck.Run([manifest, "--fail-on", "warn", "--strict-namespaces"]);

        var because = $"guardrails check must pass the chart's own objects:\n{outcome.Output}{outcome.Errors}";
        outcome.Report.Should().NotBeNull(because);
        var summary = outcome.Report!["summary"]!;
        ((long?)summary["objects"]).Should().Be(chart.Documents.Count, because);
        ((long?)summary["violations"]!["deny"]).Should().Be(0, because);
        ((long?)summary["violations"]!["warn"]).Should().Be(0, because);
        ((long?)summary["errors"]).Should().Be(0, because);
        ((long?)summary["skipped"]).Should().Be(0, because);
        ((string?)outcome.Report["policySet"]!["source"]).Should().Be("built-in");
        outcome.ExitCode.Should().Be(0, because);
        outcome.Report["objects"]!.AsArray().Where(o => (string?)o!["kind"] == "Deployment")
            .Should().ContainSingle().Which!["appliedPolicies"]!.AsArray().Should().HaveCount(9, "every built-in policy judged the Deployment");
    }

    [Fact]
    public void The_policy_arguments_of_the_deployment_load_the_extra_policies_and_exemptions_from_the_config_maps()
    {
        var chart = TestChart.Render(Scenarios.Everything);
        using var temp = new TempFolder();
        var manifest = Path.Combine(temp.Path, "chart.yaml");
        File.WriteAllText(manifest, chart.Manifest);
        var mounts = MountConfigMaps(chart, temp.Path);

        // The serve arguments that choose policies, with the container paths mapped to the files the ConfigMaps hold.
        var args = WebhookConfigurationTests.Strings(chart.Single("Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]);
        var policyArgs = new List<string>();
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] is "--policies" or "--exemptions")
            {
                policyArgs.Add(args[i]);
                policyArgs.Add(mounts.Aggregate(args[i + 1], (path, mount) => path.Replace(mount.Key, mount.Value, StringComparison.Ordinal)));
            }
        }

        var outcome = GuardrailsCheck.Run([manifest, "--fail-on", "warn", "--strict-namespaces", .. policyArgs]);

        var because = $"the chart's policy arguments must load and its objects pass them:\n{outcome.Output}{outcome.Errors}";
        policyArgs.Should().Contain("built-in").And.Contain("--exemptions");
        outcome.Report.Should().NotBeNull(because);
        ((long?)outcome.Report!["policySet"]!["policies"]).Should().Be(10, "the built-in pack and the extra policy");
        ((long?)outcome.Report["summary"]!["violations"]!["deny"]).Should().Be(0, because);
        ((long?)outcome.Report["summary"]!["violations"]!["warn"]).Should().Be(0, because);
        outcome.ExitCode.Should().Be(0, because);
    }

    [Theory]
    [InlineData("image: {tag: latest}", "image-tag", "pinned-tag")]
    [InlineData("replicaCount: 1", "replica-minimum", "min-replicas")]
    [InlineData("securityContext: {allowPrivilegeEscalation: null}", "no-privilege-escalation", "no-privilege-escalation")]
    [InlineData("resources: {limits: {memory: null}}", "resource-requests-limits", "memory-limit")]
    public void The_check_is_not_vacuous_a_broken_chart_is_reported(string values, string policy, string rule)
    {
        var chart = TestChart.RenderUnchecked(values);
        using var temp = new TempFolder();
        var manifest = Path.Combine(temp.Path, "chart.yaml");
        File.WriteAllText(manifest, chart.Manifest);

        var outcome = GuardrailsCheck.Run([manifest, "--fail-on", "warn", "--strict-namespaces"]);

        var findings = outcome.Report!["objects"]!.AsArray()
            .SelectMany(o => o!["violations"]!.AsArray())
            .Select(v => $"{v!["policy"]}/{v["rule"]}");
        findings.Should().Contain($"{policy}/{rule}");
        outcome.ExitCode.Should().Be(1);
    }

    // Writes each mounted ConfigMap's keys as files; returns container mount path -> local folder.
    private static Dictionary<string, string> MountConfigMaps(Rendering.RenderedChart chart, string root)
    {
        var pod = chart.Single("Deployment")["spec"]!["template"]!["spec"]!;
        var configMaps = chart.OfKind("ConfigMap").ToDictionary(c => (string)c["metadata"]!["name"]!);
        var volumes = pod["volumes"]!.AsArray().Where(v => v!["configMap"] is not null)
            .ToDictionary(v => (string)v!["name"]!, v => (string)v!["configMap"]!["name"]!);
        var mounts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mount in pod["containers"]![0]!["volumeMounts"]!.AsArray().Select(m => m!.AsObject()))
        {
            if (!volumes.TryGetValue((string)mount["name"]!, out var configMap))
            {
                continue;
            }

            var folder = Path.Combine(root, (string)mount["name"]!);
            Directory.CreateDirectory(folder);
            foreach (var (key, value) in configMaps[configMap]["data"]!.AsObject())
            {
                File.WriteAllText(Path.Combine(folder, key), (string?)value);
            }

            mounts[(string)mount["mountPath"]!] = folder;
        }

        return mounts;
    }
}
