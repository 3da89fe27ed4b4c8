using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Patching;
using Guardrails.Engine.Policies;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace Guardrails.Engine.Tests.Patching;

public sealed class PatchTests
{
    private static readonly PolicySet Policies = TestPolicies.Load(TestPolicies.Policy("""
            - id: cpu-limit
              target: container
              containerTypes: [containers, initContainers]
              schema: {required: [resources], properties: {resources: {required: [limits], properties: {limits: {required: [cpu]}}}}}
              message: "{{name}} sets no CPU limit"
              mutate:
                - {op: add, path: /resources/limits/cpu, value: "{{resources.requests.cpu ?? 500m}}"}
            - id: memory-limit
              target: container
              containerTypes: [containers, initContainers]
              schema: {required: [resources], properties: {resources: {required: [limits], properties: {limits: {required: [memory]}}}}}
              message: "{{name}} sets no memory limit"
              mutate:
                - {op: add, path: /resources/limits/memory, value: "{{resources.requests.memory ?? 256Mi}}"}
            - id: min-replicas
              target: object
              match: {kinds: [Deployment]}
              schema: {required: [spec], properties: {spec: {required: [replicas], properties: {replicas: {minimum: 2}}}}}
              message: too few replicas
              mutate:
                - {op: add, path: /spec/replicas, value: 2}
        """, match: "  match: {kinds: [Pod, Deployment]}"));

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        spec:
          template:
            spec:
              containers:
                - {name: bare, image: a:1}
                - {name: requested, image: b:1, resources: {requests: {cpu: "2", memory: 1Gi}}}
        """;

    [Fact]
    public void Each_violation_carries_its_own_patch_with_missing_parents_created()
    {
        var result = TestPolicies.Evaluate(Policies, Deployment);

        var bareCpu = result.Violations.Single(v => v.RuleId == "cpu-limit" && v.Container == "bare");
        PatchOperation.ToJson(bareCpu.Patch).Should().Be("""[{"op":"add","path":"/spec/template/spec/containers/0/resources","value":{"limits":{"cpu":"500m"}}}]""");
        var requestedMemory = result.Violations.Single(v => v.RuleId == "memory-limit" && v.Container == "requested");
        PatchOperation.ToJson(requestedMemory.Patch).Should().Be("""[{"op":"add","path":"/spec/template/spec/containers/1/resources/limits","value":{"memory":"1Gi"}}]""");
    }

    [Fact]
    public void The_combined_patch_never_overwrites_a_parent_it_created()
    {
        var result = TestPolicies.Evaluate(Policies, Deployment);

        PatchOperation.ToJson(result.Patch).Should().Be(
            """[{"op":"add","path":"/spec/template/spec/containers/0/resources","value":{"limits":{"cpu":"500m"}}},"""
            + """{"op":"add","path":"/spec/template/spec/containers/1/resources/limits","value":{"cpu":"2"}},"""
            + """{"op":"add","path":"/spec/template/spec/containers/0/resources/limits/memory","value":"256Mi"},"""
            + """{"op":"add","path":"/spec/template/spec/containers/1/resources/limits/memory","value":"1Gi"},"""
            + """{"op":"add","path":"/spec/replicas","value":2}]""");
    }

    [Fact]
    public void Applying_the_patch_fixes_every_mutating_rule_and_asks_for_nothing_more()
    {
        var engine = new PolicyEngine(Policies);
        var request = new EvaluationRequest { Object = TestPolicies.Object(Deployment) };
        var first = engine.Evaluate(request);

        var patched = Apply(request.Object!.Value, first.Patch);
        var second = engine.Evaluate(request with { Object = patched });

        first.Violations.Should().HaveCount(5);
        second.Violations.Should().BeEmpty();
        second.Patch.Should().BeEmpty();
        patched.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[1].GetProperty("resources").GetRawText()
            .Should().Be("""{"requests":{"cpu":"2","memory":"1Gi"},"limits":{"cpu":"2","memory":"1Gi"}}""");
    }

    [Fact]
    public void A_compliant_object_gets_no_patch()
    {
        var result = TestPolicies.Evaluate(Policies, """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers: [{name: a, image: a:1, resources: {limits: {cpu: 1, memory: 1Gi}}}]
            """);

        result.Violations.Should().BeEmpty();
        result.Patch.Should().BeEmpty();
    }

    internal static JsonElement Apply(JsonElement target, IReadOnlyList<PatchOperation> patch)
    {
        var node = JsonNode.Parse(target.GetRawText())!;
        JsonSerializer.Deserialize<JsonPatchDocument>(PatchOperation.ToJson(patch))!.ApplyTo(node);
        return JsonSerializer.SerializeToElement(node);
    }
}
