using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Guardrails.Yaml;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;

namespace Guardrails.Benchmarks;

/// <summary>
/// Where the whole-pack figure goes, one policy at a time: an engine over that policy alone, judging the
/// compliant Deployment. Each figure includes the fixed per-request cost once (see <see cref="RuleBreakdownBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
public class PolicyBreakdownBenchmarks
{
    private PolicyEngine _engine = null!;
    private EvaluationRequest _request = null!;

    [ParamsSource(nameof(PolicyIds))]
    public string Policy { get; set; } = "";

    public static IEnumerable<string> PolicyIds() =>
        Directory.GetDirectories(BenchmarkInputs.PoliciesFolder).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal);

    [GlobalSetup]
    public void Setup()
    {
        _engine = new PolicyEngine(BenchmarkInputs.LoadPolicies(Path.Combine("policies", Policy)));
        _request = BenchmarkInputs.Request(BenchmarkInputs.ReadObject(BenchmarkInputs.CompliantFile));
        BenchmarkInputs.Expect(_engine.Evaluate(_request), compliant: true, $"{BenchmarkInputs.CompliantFile} under {Policy}");
    }

    [Benchmark]
    public EvaluationResult OnePolicyCompliant() => _engine.Evaluate(_request);
}

/// <summary>
/// The same, one rule at a time: an engine over a copy of the rule's policy that keeps only that rule. The
/// first case, <see cref="FixedCost"/>, keeps one rule whose schema is <c>true</c>: what every request costs
/// before any rule does real work (reading the object, finding its targets, matching, building the result).
/// A rule's own cost is its figure minus that one. Public API only, so it follows the engine as it changes.
/// </summary>
[MemoryDiagnoser]
public class RuleBreakdownBenchmarks
{
    public const string FixedCost = "(fixed cost: one rule with schema true)";

    private PolicyEngine _engine = null!;
    private EvaluationRequest _request = null!;

    [ParamsSource(nameof(RuleIds))]
    public string Rule { get; set; } = "";

    public static IEnumerable<string> RuleIds() =>
        BenchmarkInputs.LoadPolicies("policies").Policies.SelectMany(p => p.Rules.Select(r => $"{p.Id}/{r.Id}")).Prepend(FixedCost);

    [GlobalSetup]
    public void Setup()
    {
        var (policyId, ruleId) = Rule == FixedCost
            ? ("no-host-path", "no-host-path")
            : (Rule[..Rule.IndexOf('/', StringComparison.Ordinal)], Rule[(Rule.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        var file = Path.Combine(BenchmarkInputs.PoliciesFolder, policyId, "policy.yaml");
        var policy = JsonNode.Parse(YamlDocumentReader.Read(File.ReadAllText(file))[0].Root!.Value.GetRawText())!;
        var rule = policy["spec"]!["rules"]!.AsArray().Single(r => (string?)r!["id"] == ruleId)!.DeepClone();
        if (Rule == FixedCost)
        {
            rule["schema"] = true;
            rule.AsObject().Remove("mutate");
        }

        policy["spec"]!["rules"] = new JsonArray(rule);
        var loaded = PolicyLoader.Load([new PolicyFile(file, policy.ToJsonString())]);
        _engine = new PolicyEngine(loaded.PolicySet ?? throw new InvalidOperationException(
            $"{Rule}: the one-rule policy does not load: {string.Join("; ", loaded.Problems.Select(p => p.Message))}"));
        _request = BenchmarkInputs.Request(BenchmarkInputs.ReadObject(BenchmarkInputs.CompliantFile));
        BenchmarkInputs.Expect(_engine.Evaluate(_request), compliant: true, $"{BenchmarkInputs.CompliantFile} under {Rule}");
    }

    [Benchmark]
    public EvaluationResult OneRuleCompliant() => _engine.Evaluate(_request);
}
