using System.Text;
using System.Text.Json;

namespace Guardrails.Cli.Tests.Checking;

/// <summary>
/// <c>guardrails check</c> with HorizontalPodAutoscalers in its input: a workload one of them scales is judged on the
/// autoscaler's minReplicas wherever in the input the autoscaler is, and the report names it.
/// </summary>
public sealed class AutoscalerCheckTests
{
    private static readonly string Fixtures = Path.Combine(RepoPaths.Root, "tests", "Guardrails.Cli.Tests", "Fixtures", "check");
    private static readonly string Revision = Guardrails.Cli.PolicySets.PolicySelection.Load([], null).Policies!.Revision;

    [Fact]
    public void A_workload_without_replicas_passes_when_an_autoscaler_in_another_file_keeps_two()
    {
        var (exitCode, output, errors) = GuardrailsProcess.Run(Fixtures, "check", "autoscaled/deployment.yaml", "autoscaled/hpa.yaml", "autoscaled/ns.yaml");

        errors.Should().BeEmpty();
        output.Should().Be($"PASS 3 objects in 3 files: 0 denied, 0 warned, 3 passed; 0 violations (0 deny, 0 warn, 0 audit); policies built-in @ {Revision}\n");
        exitCode.Should().Be(0);
    }

    [Fact]
    public void A_workload_whose_autoscaler_keeps_one_is_denied_naming_the_autoscaler_and_not_fixed()
    {
        var (exitCode, output, _) = GuardrailsProcess.Run(Fixtures, "check", "autoscaled/deployment.yaml", "autoscaled/hpa-min-one.yaml", "autoscaled/ns.yaml");

        output.Should().Be($"""
            autoscaled/deployment.yaml
              Deployment payments-prod/checkout (line 2): denied
                autoscaled/deployment.yaml:8:1: deny replica-minimum/min-replicas: Deployment checkout in production namespace payments-prod is scaled by HorizontalPodAutoscaler checkout with minReplicas 1, so it can run fewer than 2 replicas
                  not fixed in the cluster: /spec/replicas is set by HorizontalPodAutoscaler checkout, and a mutation never fights an autoscaler: raise its minReplicas
            autoscaled/hpa-min-one.yaml
              HorizontalPodAutoscaler payments-prod/checkout (line 1): denied
                autoscaled/hpa-min-one.yaml:8:3: deny replica-minimum/hpa-min-replicas: HorizontalPodAutoscaler checkout in production namespace payments-prod must set minReplicas to 2 or more (an absent minReplicas means 1)
                  not fixed in the cluster: /spec/minReplicas is written, and a mutation never rewrites a written value (a create that is not an apply cannot show that the API server defaulted it: apply the manifest, or write the value you need)
            FAIL 3 objects in 3 files: 2 denied, 0 warned, 1 passed; 2 violations (2 deny, 0 warn, 0 audit); policies built-in @ {Revision}

            """);
        exitCode.Should().Be(1);
    }

    [Fact]
    public void Without_its_autoscaler_the_workload_is_judged_and_fixed_on_its_own_replicas()
    {
        var (exitCode, output, _) = GuardrailsProcess.Run(Fixtures, "check", "autoscaled/deployment.yaml", "autoscaled/ns.yaml");

        output.Should().Contain("autoscaled/deployment.yaml:8:1: deny replica-minimum/min-replicas: Deployment checkout in production namespace payments-prod must run at least 2 replicas\n      fixed in the cluster: set spec.replicas to 2, only when applied (kubectl apply, server-side apply): a plain create arrives with the API server's default and is judged by it\n");
        exitCode.Should().Be(1);
    }

    [Fact]
    public void The_json_report_carries_the_message_naming_the_autoscaler_and_why_there_is_no_fix()
    {
        var (_, output, _) = GuardrailsProcess.Run(Fixtures, "check", "autoscaled", "--format", "json");

        using var report = JsonDocument.Parse(output);
        var deployment = report.RootElement.GetProperty("objects").EnumerateArray().Single(o => o.GetProperty("kind").GetString() == "Deployment");
        var violation = deployment.GetProperty("violations").EnumerateArray().Single();
        violation.GetProperty("rule").GetString().Should().Be("min-replicas");
        violation.GetProperty("message").GetString().Should().Contain("is scaled by HorizontalPodAutoscaler checkout with minReplicas 1");
        violation.GetProperty("fixedInCluster").GetBoolean().Should().BeFalse();
        violation.GetProperty("notFixedReason").GetString().Should().Be("/spec/replicas is set by HorizontalPodAutoscaler checkout, and a mutation never fights an autoscaler: raise its minReplicas");
        violation.GetProperty("remediation").GetString().Should().StartWith("Set spec.minReplicas of the HorizontalPodAutoscaler to 2 or more");
    }

    [Fact]
    public void Objects_without_a_namespace_meet_their_autoscaler_in_the_namespace_option()
    {
        var deployment = File.ReadAllText(Path.Combine(Fixtures, "autoscaled", "deployment.yaml")).Replace("  namespace: payments-prod\n", "", StringComparison.Ordinal);
        var hpa = File.ReadAllText(Path.Combine(Fixtures, "autoscaled", "hpa-min-one.yaml")).Replace("  namespace: payments-prod\n", "", StringComparison.Ordinal);

        var (_, output, _) = GuardrailsProcess.RunWithInput(Fixtures, Encoding.UTF8.GetBytes(deployment + "---\n" + hpa), "check", "-", "--namespace", "payments-prod", "--namespace-labels", "payments-prod=env=prod");

        output.Should().Contain("Deployment checkout in production namespace payments-prod is scaled by HorizontalPodAutoscaler checkout with minReplicas 1");
    }

    [Theory]
    [InlineData("hpa.yaml", 0)]
    [InlineData("hpa-min-one.yaml", 1)]
    public void A_large_stream_read_in_parts_finds_its_autoscaler_at_the_very_end(string autoscaler, int findingsPerCopy)
    {
        // Over 512 KB the stream is read a part at a time: the autoscaler in its last part still decides every copy before it.
        var single = File.ReadAllText(Path.Combine(Fixtures, "autoscaled", "deployment.yaml")).TrimEnd('\n') + "\n";
        const int copies = 800;
        // The Namespace comes first, so that the last part holds the autoscaler alone.
        var stream = File.ReadAllText(Path.Combine(Fixtures, "autoscaled", "ns.yaml"))
            + "---\n" + string.Join("---\n", Enumerable.Repeat(single, copies))
            + "---\n" + File.ReadAllText(Path.Combine(Fixtures, "autoscaled", autoscaler));
        stream.Length.Should().BeGreaterThan(600 * 1024);

        var (_, output, _) = GuardrailsProcess.RunWithInput(Fixtures, Encoding.UTF8.GetBytes(stream), "check", "-", "--format", "json");

        var objects = JsonDocument.Parse(output).RootElement.GetProperty("objects").EnumerateArray().ToList();
        objects.Should().HaveCount(copies + 2);
        var replicaFindings = objects.Skip(1).Take(copies).Select(o => o.GetProperty("violations").EnumerateArray()
            .Count(v => v.GetProperty("rule").GetString() == "min-replicas" && v.GetProperty("message").GetString()!.Contains("HorizontalPodAutoscaler checkout", StringComparison.Ordinal))).ToList();
        replicaFindings.Should().OnlyContain(count => count == findingsPerCopy);
        objects.Skip(1).Take(copies).Should().OnlyContain(o => o.GetProperty("violations").GetArrayLength() == findingsPerCopy, "no copy is judged on its own replicas");
    }
}
