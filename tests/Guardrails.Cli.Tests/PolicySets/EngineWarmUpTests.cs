using System.Text.Json;
using Guardrails.Cli.PolicySets;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;
using Guardrails.Engine.Hosts;
using Guardrails.Engine.Patching;
using Guardrails.Yaml;

namespace Guardrails.Cli.Tests.PolicySets;

public sealed class EngineWarmUpTests
{
    [Fact]
    public void An_engine_warmed_up_on_another_thread_judges_every_manifest_of_the_repository_as_a_fresh_engine_does()
    {
        var policies = PolicySelection.LoadBuiltIn().PolicySet!;
        var objects = Directory.EnumerateFiles(RepoPaths.Policies, "*.yaml", SearchOption.AllDirectories)
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(RepoPaths.Examples, "*.yaml"))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => YamlDocumentReader.Read(File.ReadAllText(f)))
            .Where(d => d.Root is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("kind", out _)
                && !(root.TryGetProperty("apiVersion", out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.StartsWith("guardrails.dev", StringComparison.Ordinal)))
            .Select(d => d.Root!.Value)
            .ToList();
        objects.Should().HaveCountGreaterThan(50);

        var fresh = new PolicyEngine(policies);
        var expected = objects.Select(o => Describe(fresh.Evaluate(Request(o)))).ToList();

        foreach (var first in new[] { 0, 1, objects.Count / 2 })
        {
            // The warm-up judges while the main thread starts judging, as in a run; then the engine judges everything.
            var warmed = new PolicyEngine(policies);
            var warmUp = new Thread(() => EngineWarmUp.Run(warmed));
            warmUp.Start();
            var head = Describe(warmed.Evaluate(Request(objects[first])));
            warmUp.Join();
            head.Should().Be(expected[first]);
            objects.Select(o => Describe(warmed.Evaluate(Request(o)))).Should().Equal(expected);
        }
    }

    private static EvaluationRequest Request(JsonElement obj) =>
        HostRequest.For(obj, AdmissionOperation.Create, "team-a", new Dictionary<string, string> { ["team"] = "a" }, null);

    private static string Describe(EvaluationResult result) =>
        string.Join("\n", result.Violations.Select(v => $"{v.PolicyId}/{v.RuleId} {v.Pointer} {v.Message} {PatchOperation.ToJson(v.Patch)}"))
        + "|" + PatchOperation.ToJson(result.Patch) + "|" + string.Join(",", result.Errors)
        + "|" + string.Join(",", result.Exemptions.Select(e => e.ToString()));
}
