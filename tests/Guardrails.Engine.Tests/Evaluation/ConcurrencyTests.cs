using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Patching;

namespace Guardrails.Engine.Tests.Evaluation;

public sealed class ConcurrencyTests
{
    [Fact]
    public void Parallel_evaluations_give_the_same_results_as_sequential_ones()
    {
        var policies = PolicyLoader.LoadPaths([RepoPaths.Policies]).PolicySet!;
        var engine = new PolicyEngine(policies);
        var objects = Directory.EnumerateFiles(RepoPaths.Policies, "*.yaml", SearchOption.AllDirectories)
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Guardrails.Yaml.YamlDocumentReader.Read(File.ReadAllText(f)))
            .Where(d => d.Root is { ValueKind: System.Text.Json.JsonValueKind.Object } root && root.TryGetProperty("apiVersion", out var v) && !v.GetString()!.StartsWith("guardrails.dev", StringComparison.Ordinal))
            .Select(d => new EvaluationRequest { Object = d.Root, Namespace = "default" })
            .ToList();
        objects.Should().HaveCountGreaterThan(20);

        var sequential = objects.Select(o => Describe(engine.Evaluate(o))).ToList();
        var parallel = new string[objects.Count * 8];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = Describe(engine.Evaluate(objects[i % objects.Count])));

        for (var i = 0; i < parallel.Length; i++)
        {
            parallel[i].Should().Be(sequential[i % objects.Count]);
        }
    }

    private static string Describe(EvaluationResult result) =>
        string.Join("\n", result.Violations.Select(v => $"{v.PolicyId}/{v.RuleId} {v.Pointer} {v.Message} {PatchOperation.ToJson(v.Patch)}"))
        + PatchOperation.ToJson(result.Patch) + string.Join(",", result.Errors);
}
