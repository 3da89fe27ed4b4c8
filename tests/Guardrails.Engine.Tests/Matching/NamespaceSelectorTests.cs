using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Tests.Matching;

public sealed class NamespaceSelectorTests
{
    private static readonly PolicySet Policies = TestPolicies.Load(TestPolicies.Policy(
        """
            - id: min-replicas
              target: object
              schema:
                required: [spec]
                properties:
                  spec: {required: [replicas], properties: {replicas: {minimum: 2}}}
              message: "{{kind}} runs fewer than 2 replicas"
        """,
        match: """
              match:
                kinds: [Deployment]
                namespaceSelector:
                  matchExpressions: [{key: env, operator: In, values: [prod, production]}]
            """));

    private const string SingleReplica = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec: {replicas: 1, template: {spec: {containers: [{name: app, image: \"x:1\"}]}}}\n";

    [Fact]
    public void Matching_namespace_labels_apply_the_rule()
    {
        var result = TestPolicies.Evaluate(Policies, SingleReplica, new Dictionary<string, string> { ["env"] = "prod" }, "shop");

        result.Violations.Should().ContainSingle().Which.Pointer.Should().Be("/spec/replicas");
        result.Assumptions.Should().BeEmpty();
    }

    [Fact]
    public void Other_namespace_labels_skip_the_rule()
    {
        var result = TestPolicies.Evaluate(Policies, SingleReplica, new Dictionary<string, string> { ["env"] = "dev" }, "shop");

        result.Violations.Should().BeEmpty();
    }

    [Fact]
    public void Unknown_namespace_labels_are_assumed_to_match_and_the_result_says_so()
    {
        var result = TestPolicies.Evaluate(Policies, SingleReplica, namespaceLabels: null, "shop");

        var violation = result.Violations.Should().ContainSingle().Subject;
        violation.Assumptions.Should().ContainSingle().Which.Should().Contain("namespace labels of 'shop' are unknown");
        result.Assumptions.Should().ContainSingle().Which.Should().Contain("test-policy/min-replicas");
        result.Denied.Should().BeTrue();
    }

    [Fact]
    public void Unknown_labels_are_reported_even_when_the_object_passes()
    {
        var result = TestPolicies.Evaluate(Policies, SingleReplica.Replace("replicas: 1", "replicas: 3", StringComparison.Ordinal), namespaceLabels: null, "shop");

        result.Violations.Should().BeEmpty();
        result.Assumptions.Should().ContainSingle();
    }

    [Fact]
    public void A_policy_counts_as_applied_only_where_its_selector_holds()
    {
        var prod = TestPolicies.Evaluate(Policies, SingleReplica.Replace("replicas: 1", "replicas: 3", StringComparison.Ordinal), new Dictionary<string, string> { ["env"] = "prod" }, "shop");
        var dev = TestPolicies.Evaluate(Policies, SingleReplica, new Dictionary<string, string> { ["env"] = "dev" }, "shop");

        prod.AppliedPolicies.Should().Equal("test-policy");
        dev.AppliedPolicies.Should().BeEmpty();
    }
}
