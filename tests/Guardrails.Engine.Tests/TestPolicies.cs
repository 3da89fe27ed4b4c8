using System.Text.Json;
using Guardrails.Yaml;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Tests;

/// <summary>Builds policy sets and objects from inline YAML for tests.</summary>
internal static class TestPolicies
{
    public static PolicySet Load(params string[] yamlFiles)
    {
        var result = PolicyLoader.Load(yamlFiles.Select((text, i) => new PolicyFile($"policy{i}.yaml", text)));
        result.Problems.Should().BeEmpty();
        return result.PolicySet!;
    }

    public static IReadOnlyList<LoadProblem> Problems(params string[] yamlFiles) =>
        PolicyLoader.Load(yamlFiles.Select((text, i) => new PolicyFile($"policy{i}.yaml", text))).Problems;

    public static JsonElement Object(string yaml)
    {
        var document = YamlDocumentReader.Read(yaml).Single();
        document.Error.Should().BeNull();
        return document.Root!.Value;
    }

    public static EvaluationResult Evaluate(PolicySet policies, string objectYaml, IReadOnlyDictionary<string, string>? namespaceLabels = null, string? ns = "default") =>
        new PolicyEngine(policies).Evaluate(new EvaluationRequest { Object = Object(objectYaml), Namespace = ns, NamespaceLabels = namespaceLabels });

    /// <summary>A one-rule policy around <paramref name="ruleYaml"/> (indented as a list item under rules).</summary>
    public static string Policy(string ruleYaml, string id = "test-policy", string match = "", string action = "deny") => $"""
        apiVersion: guardrails.dev/v1
        kind: Policy
        metadata:
          name: {id}
        spec:
          title: Test policy
          description: A policy for tests.
          category: security
          severity: high
          action: {action}
        {match}
          rules:
        {ruleYaml}
        """;
}
