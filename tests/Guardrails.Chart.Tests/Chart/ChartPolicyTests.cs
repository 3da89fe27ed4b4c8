using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests.Chart;

/// <summary>
/// The chart obeys its own rules: its rendered objects go through the real <c>guardrails check</c> with the built-in
/// pack and come out with no deny and no warn finding. Namespace labels are unknown (<c>--strict-namespaces</c>), so
/// policies for production namespaces apply as well.
/// </summary>
public sealed class ChartPolicyTests(ChartCheckRuns runs) : IClassFixture<ChartCheckRuns>
{
    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public async Task The_rendered_chart_passes_the_built_in_pack_without_a_finding(string scenario)
    {
        var (helm4, helm3) = await TestChart.RenderBothAsync(Scenarios.Named(scenario).Request);
        var run = runs.Scenarios;

        foreach (var (major, chart) in new[] { (4, helm4.Chart), (3, helm3.Chart) })
        {
            var key = ChartCheckRuns.Key(scenario, major);
            var because = $"guardrails check must pass the chart's own objects as Helm {major} renders them. {run.Because}";
            var objects = run.Objects(key);
            objects.Should().HaveCount(chart.Documents.Count, because);
            objects.SelectMany(o => o["violations"]!.AsArray()).Select(v => $"{v!["action"]} {v["policy"]}/{v["rule"]}: {v["message"]}")
                .Should().NotContain(v => v.StartsWith("deny", StringComparison.Ordinal) || v.StartsWith("warn", StringComparison.Ordinal), because);
            objects.Should().OnlyContain(o => (string?)o["decision"] == "passed", because);
            run.Errors(key).Should().BeEmpty(because);
            run.Skipped(key).Should().BeEmpty(because);
            objects.Where(o => (string?)o["kind"] == "Deployment")
                .Should().ContainSingle().Which["appliedPolicies"]!.AsArray().Should().HaveCount(9, "every built-in policy judged the Deployment");
        }
    }

    [Fact]
    public void The_check_of_every_scenario_passes_as_a_whole()
    {
        var run = runs.Scenarios;

        ((string?)run.Report["policySet"]!["source"]).Should().Be("built-in");
        var summary = run.Report["summary"]!;
        ((long?)summary["files"]).Should().Be(Scenarios.Every.Count() * 2, run.Because);
        ((long?)summary["violations"]!["deny"]).Should().Be(0, run.Because);
        ((long?)summary["violations"]!["warn"]).Should().Be(0, run.Because);
        ((long?)summary["errors"]).Should().Be(0, run.Because);
        ((long?)summary["skipped"]).Should().Be(0, run.Because);
        run.Outcome.ExitCode.Should().Be(0, run.Because);
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

    [Fact]
    public void The_check_is_not_vacuous_a_broken_chart_is_reported()
    {
        var run = runs.BrokenCharts;

        for (var i = 0; i < ChartCheckRuns.Broken.Length; i++)
        {
            var (values, policy, rule) = ChartCheckRuns.Broken[i];
            var findings = run.Objects($"broken-{i}").SelectMany(o => o["violations"]!.AsArray()).Select(v => $"{v!["policy"]}/{v["rule"]}");
            findings.Should().Contain($"{policy}/{rule}", $"the chart rendered with {values} breaks {policy}. {run.Because}");
        }

        run.Outcome.ExitCode.Should().Be(1, run.Because);
    }

    // Writes each mounted ConfigMap's keys as files; returns container mount path -> local folder.
    private static Dictionary<string, string> MountConfigMaps(Helm.RenderedChart chart, string root)
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
