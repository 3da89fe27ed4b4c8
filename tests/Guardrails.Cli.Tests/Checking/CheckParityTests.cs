using System.Text.Json;
using Guardrails.Cli.PolicySets;
using Guardrails.Engine.Evaluation;

namespace Guardrails.Cli.Tests.Checking;

/// <summary>
/// <c>guardrails check examples/</c> against what the webhook will judge: the same objects as a real API server
/// sent them for admission (after its defaulting), evaluated with the same engine and the labels their
/// namespaces carry in the cluster. Decisions and findings (policy, rule, container, action) must agree.
/// </summary>
public sealed class CheckParityTests
{
    private static readonly string Reviews = Path.Combine(RepoPaths.Root, "tests", "Guardrails.Webhook.Tests", "Fixtures", "admission-reviews");

    // The labels of the namespaces the reviews were captured in; payments-prod is examples/ns.yaml.
    private static readonly Dictionary<string, Dictionary<string, string>> ClusterNamespaceLabels = new()
    {
        ["payments-prod"] = new() { ["env"] = "prod", ["team"] = "payments", ["kubernetes.io/metadata.name"] = "payments-prod" },
        ["default"] = new() { ["kubernetes.io/metadata.name"] = "default" },
    };

    [Fact]
    public void Check_and_the_admission_path_reach_the_same_decisions_and_findings()
    {
        var (exitCode, output, _) = GuardrailsProcess.Run(RepoPaths.Root, "check", "examples", "--format", "json");
        exitCode.Should().Be(1);
        using var report = JsonDocument.Parse(output);
        var checkedObjects = report.RootElement.GetProperty("objects").EnumerateArray()
            .ToDictionary(o => $"{o.GetProperty("kind").GetString()}/{o.GetProperty("name").GetString()}");

        var engine = new PolicyEngine(PolicySelection.Load([], null).Policies!);
        // The reviews of objects applied from examples/: the dry run repeats ledger, the namespace is not a workload
        // and ssa-pod was applied server-side without a manifest.
        var files = Directory.GetFiles(Reviews, "validate-create-*.json")
            .Where(f => !f.EndsWith("-dryrun.json", StringComparison.Ordinal) && !f.Contains("-namespace-", StringComparison.Ordinal) && !f.Contains("-ssa-pod", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        files.Should().HaveCount(9);
        foreach (var file in files)
        {
            using var review = JsonDocument.Parse(File.ReadAllText(file));
            var request = review.RootElement.GetProperty("request");
            var namespaceName = request.GetProperty("namespace").GetString()!;
            var result = engine.Evaluate(new EvaluationRequest
            {
                Object = request.GetProperty("object"),
                Operation = Guardrails.Engine.Format.AdmissionOperation.Create,
                Namespace = namespaceName,
                NamespaceLabels = ClusterNamespaceLabels[namespaceName],
            });

            var key = $"{request.GetProperty("kind").GetProperty("kind").GetString()}/{request.GetProperty("name").GetString()}";
            checkedObjects.Should().ContainKey(key, $"{Path.GetFileName(file)} has a manifest in examples/");
            var fromCheck = checkedObjects[key];
            var checkFindings = fromCheck.GetProperty("violations").EnumerateArray()
                .Select(v => $"{v.GetProperty("action").GetString()} {v.GetProperty("policy").GetString()}/{v.GetProperty("rule").GetString()} {v.GetProperty("container").GetString()}")
                .ToList();
            var admissionFindings = result.Violations
                .Select(v => $"{Guardrails.Cli.Reporting.ReportNames.Of(v.Action)} {v.PolicyId}/{v.RuleId} {v.Container}")
                .ToList();

            checkFindings.Should().Equal(admissionFindings, $"check and admission must agree on {key}");
            (fromCheck.GetProperty("decision").GetString() == "denied").Should().Be(result.Denied, $"the decision on {key} must agree");
            fromCheck.GetProperty("namespace").GetString().Should().Be(namespaceName);
        }
    }
}
