using Guardrails.Engine.Autoscaling;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Patching;

namespace Guardrails.Engine.Tests.Policies;

/// <summary>
/// The built-in replica minimum with autoscalers: a workload a HorizontalPodAutoscaler scales is judged on the
/// autoscaler's minReplicas and never patched; the autoscaler itself is judged and fixed on its own.
/// </summary>
public sealed class ScaledByTests
{
    private static readonly PolicyEngine Engine = new(PolicyLoader.LoadPaths([RepoPaths.Policies]).PolicySet!);
    private static readonly Dictionary<string, string> Prod = new() { ["env"] = "prod" };

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - {name: app, image: "registry.example.com/web:1.0"}
        """;

    [Fact]
    public void A_workload_without_replicas_that_its_autoscaler_keeps_at_two_passes_and_is_not_filled_in()
    {
        var result = Judge(Deployment, [Hpa(2)]);

        ReplicaFindings(result).Should().BeEmpty();
        result.Patch.Should().NotContain(p => p.Path == "/spec/replicas", "the autoscaler sets the count; a patch would fight it");
    }

    [Fact]
    public void Without_its_autoscaler_the_same_workload_is_judged_and_filled_in_on_its_own_replicas()
    {
        var result = Judge(Deployment, []);

        var violation = ReplicaFindings(result).Should().ContainSingle().Subject;
        violation.Message.Should().Be("Deployment web in production namespace shop must run at least 2 replicas");
        result.Patch.Should().Contain(p => p.Path == "/spec/replicas");
    }

    [Theory]
    [InlineData(1, "1")]
    [InlineData(null, "1")]
    public void A_workload_whose_autoscaler_keeps_fewer_than_two_fails_naming_the_autoscaler_and_is_not_patched(int? minReplicas, string shown)
    {
        var result = Judge(Deployment, [Hpa(minReplicas)]);

        var violation = ReplicaFindings(result).Should().ContainSingle().Subject;
        violation.Pointer.Should().Be("/spec/replicas");
        violation.Detail.Should().Be("must be at least 2");
        violation.Message.Should().Be($"Deployment web in production namespace shop is scaled by HorizontalPodAutoscaler web-hpa with minReplicas {shown}, so it can run fewer than 2 replicas");
        violation.Remediation.Should().StartWith("Set spec.minReplicas of the HorizontalPodAutoscaler to 2 or more (an absent minReplicas means 1)");
        violation.FixWithheld.Should().Be("/spec/replicas is set by HorizontalPodAutoscaler web-hpa, and a mutation never fights an autoscaler: raise its minReplicas");
        violation.Patch.Should().BeEmpty();
        violation.Changes.Should().BeEmpty();
        result.Patch.Should().NotContain(p => p.Path == "/spec/replicas");
        result.Denied.Should().BeTrue();
    }

    [Fact]
    public void A_workload_with_one_replica_that_its_autoscaler_keeps_at_three_passes()
    {
        var result = Judge(Deployment.Replace("spec:\n  selector", "spec:\n  replicas: 1\n  selector", StringComparison.Ordinal), [Hpa(3)]);

        ReplicaFindings(result).Should().BeEmpty("the autoscaler decides the count");
    }

    [Fact]
    public void Of_two_autoscalers_of_one_workload_the_lower_floor_is_judged()
    {
        var result = Judge(Deployment, [Hpa(3) with { Name = "a-high" }, Hpa(1) with { Name = "z-low" }, Hpa(1) with { Name = "y-low" }]);

        ReplicaFindings(result).Should().ContainSingle().Which.Message.Should().Contain("HorizontalPodAutoscaler y-low with minReplicas 1");
    }

    [Theory]
    [InlineData("other", "apps/v1", "Deployment", "web")]
    [InlineData("shop", "apps/v1", "Deployment", "web-2")]
    [InlineData("shop", "apps/v1", "StatefulSet", "web")]
    [InlineData("shop", "example.com/v1", "Deployment", "web")]
    public void An_autoscaler_of_another_namespace_name_kind_or_group_does_not_count(string ns, string apiVersion, string kind, string name)
    {
        var result = Judge(Deployment, [new Autoscaler(ns, "web-hpa", apiVersion, kind, name, 3)]);

        ReplicaFindings(result).Should().ContainSingle().Which.Message.Should().Be("Deployment web in production namespace shop must run at least 2 replicas");
    }

    [Fact]
    public void A_workload_with_only_a_generated_name_has_no_autoscaler_yet()
    {
        var generated = Deployment.Replace("{name: web, namespace: shop}", "{generateName: web, namespace: shop}", StringComparison.Ordinal);

        var result = Judge(generated, [Hpa(3)]);

        ReplicaFindings(result).Should().ContainSingle().Which.FixWithheld.Should().BeNull();
    }

    [Fact]
    public void Unknown_autoscalers_leave_the_own_count_judged_and_the_result_says_so()
    {
        var result = Judge(Deployment, null);

        var violation = ReplicaFindings(result).Should().ContainSingle().Subject;
        violation.Assumptions.Should().Equal("autoscalers of 'shop' are unknown; the object's own /spec/replicas was judged");
        result.Assumptions.Should().Contain("autoscalers of 'shop' are unknown: replica-minimum/min-replicas judged the object's own /spec/replicas");
        result.Patch.Should().Contain(p => p.Path == "/spec/replicas");
    }

    [Fact]
    public void Known_autoscalers_assume_nothing()
    {
        Judge(Deployment, []).Assumptions.Should().BeEmpty();
    }

    [Fact]
    public void A_scale_request_is_judged_on_the_replicas_it_asks_for_even_when_an_autoscaler_keeps_more()
    {
        // The autoscaler's own scale requests stay at or above its floor; judging them on a low floor would deny scale-ups.
        var scaled = TestPolicies.Object("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec: {replicas: 1}
            """);

        var down = Engine.Evaluate(new EvaluationRequest { Object = scaled, Operation = AdmissionOperation.Update, SubResource = "scale", NamespaceLabels = Prod, Autoscalers = [Hpa(3)] });
        var up = Engine.Evaluate(new EvaluationRequest
        {
            Object = TestPolicies.Object("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {replicas: 5}"),
            Operation = AdmissionOperation.Update,
            SubResource = "scale",
            NamespaceLabels = Prod,
            Autoscalers = [Hpa(1)],
        });

        ReplicaFindings(down).Should().ContainSingle().Which.Message.Should().Be("Deployment web in production namespace shop must run at least 2 replicas");
        ReplicaFindings(up).Should().BeEmpty();
    }

    [Fact]
    public void Outside_production_an_autoscaled_workload_is_not_judged()
    {
        var result = Engine.Evaluate(new EvaluationRequest { Object = TestPolicies.Object(Deployment), Namespace = "shop", NamespaceLabels = new Dictionary<string, string>(), Autoscalers = [Hpa(1)] });

        ReplicaFindings(result).Should().BeEmpty();
    }

    [Fact]
    public void A_HorizontalPodAutoscaler_without_minReplicas_is_denied_and_filled_in_with_two()
    {
        var result = Engine.Evaluate(new EvaluationRequest { Object = TestPolicies.Object(HpaYaml("maxReplicas: 10")), NamespaceLabels = Prod });

        var violation = result.Violations.Should().ContainSingle().Subject;
        (violation.RuleId, violation.Pointer, violation.Detail).Should().Be(("hpa-min-replicas", "/spec/minReplicas", "is required but missing"));
        violation.Message.Should().Be("HorizontalPodAutoscaler web-hpa in production namespace shop must set minReplicas to 2 or more (an absent minReplicas means 1)");
        violation.Changes.Select(c => c.Describe()).Should().Equal("set spec.minReplicas to 2");
        PatchOperationsOf(result).Should().Equal("add /spec/minReplicas 2");
    }

    [Fact]
    public void A_HorizontalPodAutoscaler_with_minReplicas_one_is_denied_and_not_rewritten()
    {
        var result = Engine.Evaluate(new EvaluationRequest { Object = TestPolicies.Object(HpaYaml("minReplicas: 1\n  maxReplicas: 10")), NamespaceLabels = Prod });

        var violation = result.Violations.Should().ContainSingle().Subject;
        violation.Detail.Should().Be("must be at least 2");
        violation.FixWithheld.Should().StartWith("/spec/minReplicas is written, and a mutation never rewrites a written value");
        result.Patch.Should().BeEmpty();
    }

    [Fact]
    public void A_minReplicas_the_API_server_would_refuse_above_maxReplicas_is_not_filled_in()
    {
        var result = Engine.Evaluate(new EvaluationRequest { Object = TestPolicies.Object(HpaYaml("maxReplicas: 1")), NamespaceLabels = Prod });

        var violation = result.Violations.Should().ContainSingle().Subject;
        violation.FixWithheld.Should().Be("the API server refuses a maxReplicas (1) below minReplicas (2)");
        result.Patch.Should().BeEmpty();
    }

    [Theory]
    [InlineData("minReplicas: 2\n  maxReplicas: 1", "/spec/maxReplicas: the API server refuses a maxReplicas (1) below minReplicas (2)")]
    [InlineData("minReplicas: 2\n  maxReplicas: 2", null)]
    [InlineData("maxReplicas: 1", null)]
    public void The_API_server_rules_name_an_autoscaler_whose_maxReplicas_is_below_minReplicas(string spec, string? refusal)
    {
        var refusals = ApiServerRules.Refusals(TestPolicies.Object(HpaYaml(spec)));

        refusals.Should().Equal(refusal is null ? [] : [refusal]);
    }

    [Theory]
    [InlineData("minReplicas: \"2\"\n  maxReplicas: 3", "/spec/minReplicas: must be an integer from -2147483648 to 2147483647 written without a fraction or exponent, as the API server reads it, not a string")]
    [InlineData("minReplicas: 2\n  maxReplicas: 3.5", "/spec/maxReplicas: must be an integer from -2147483648 to 2147483647 written without a fraction or exponent, as the API server reads it, not 3.5")]
    [InlineData("maxReplicas: 3\n  scaleTargetRef: web", "/spec/scaleTargetRef: must be an object, not a string")]
    [InlineData("maxReplicas: 3\n  scaleTargetRef: {kind: Deployment, name: [web]}", "/spec/scaleTargetRef/name: must be a string, not a list")]
    public void A_HorizontalPodAutoscaler_of_the_wrong_shape_is_refused_with_the_reason(string spec, string reason)
    {
        var hpa = $"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {{name: web-hpa, namespace: shop}}\nspec:\n  {spec}\n";

        var result = Engine.Evaluate(new EvaluationRequest { Object = TestPolicies.Object(hpa), NamespaceLabels = Prod });

        result.Violations.Should().BeEmpty();
        var error = result.Errors.Should().ContainSingle().Subject;
        error.ObjectRefused.Should().BeTrue();
        error.Message.Should().Be("the object cannot be judged against the shape of its kind: " + reason);
    }

    [Fact]
    public void A_HorizontalPodAutoscaler_whose_spec_is_not_an_object_is_refused()
    {
        var result = Engine.Evaluate(new EvaluationRequest { Object = TestPolicies.Object("apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: x, namespace: shop}\nspec: 3"), NamespaceLabels = Prod });

        result.Errors.Should().ContainSingle().Which.Message.Should().EndWith("/spec: must be an object, not 3");
    }

    [Fact]
    public void A_custom_kind_named_HorizontalPodAutoscaler_keeps_its_own_shape_and_is_judged_by_the_schema()
    {
        var result = Engine.Evaluate(new EvaluationRequest
        {
            Object = TestPolicies.Object("apiVersion: example.com/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: x, namespace: shop}\nspec: {minReplicas: \"2\"}"),
            NamespaceLabels = Prod,
        });

        result.Errors.Should().BeEmpty();
        result.Violations.Should().ContainSingle().Which.Detail.Should().Contain("integer");
    }

    [Fact]
    public void Placeholders_of_the_autoscaler_render_unset_where_no_autoscaler_was_judged()
    {
        var policies = TestPolicies.Load(TestPolicies.Policy("""
                - id: r
                  target: object
                  schema: false
                  message: "{{autoscaler.name}}/{{autoscaler.minReplicas}}"
            """, match: "  match: {kinds: [ConfigMap]}"));

        var result = TestPolicies.Evaluate(policies, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}");

        result.Violations.Should().ContainSingle().Which.Message.Should().Be("<unset>/<unset>");
    }

    [Theory]
    [InlineData("container", "HorizontalPodAutoscaler", "/spec/replicas", "m", "scaledBy applies to target: object, not container")]
    [InlineData("object", "HorizontalPodAutoscaler", "spec/replicas", "m", "scaledBy: replicas 'spec/replicas' is not a JSON Pointer below the target (it must start with '/', and '~' must be written '~0' or '~1')")]
    [InlineData("object", "HorizontalPodAutoscaler", "/spec/replicas", "{{autoscaler name}}", "scaledBy: message: placeholder '{{autoscaler name}}' is not a dotted path (letters, digits, '_', '-', '.')")]
    [InlineData("object", "ScaledObject", "/spec/replicas", "m", "spec.rules.0.scaledBy: matches none of the allowed shapes")]
    public void A_scaledBy_that_cannot_mean_anything_is_a_load_error(string target, string kind, string replicas, string message, string problem)
    {
        var rule = $"""
                - id: r
                  target: {target}
                  schema: true
                  message: m
                  scaledBy:
                    kind: {kind}
                    replicas: {replicas}
                    message: "{message}"
            """;

        var problems = TestPolicies.Problems(TestPolicies.Policy(rule, match: "  match: {kinds: [Deployment]}"));

        problems.Select(p => p.Message).Should().ContainSingle().Which.Should().Contain(problem);
    }

    private static Autoscaler Hpa(int? minReplicas) => new("shop", "web-hpa", "apps/v1", "Deployment", "web", minReplicas);

    private static string HpaYaml(string spec) => $"""
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {"{"}name: web-hpa, namespace: shop{"}"}
        spec:
          scaleTargetRef: {"{"}apiVersion: apps/v1, kind: Deployment, name: web{"}"}
          {spec}
        """;

    private static EvaluationResult Judge(string yaml, IReadOnlyList<Autoscaler>? autoscalers) =>
        Engine.Evaluate(new EvaluationRequest { Object = TestPolicies.Object(yaml), NamespaceLabels = Prod, Autoscalers = autoscalers });

    private static List<Violation> ReplicaFindings(EvaluationResult result) =>
        [.. result.Violations.Where(v => v.PolicyId == "replica-minimum")];

    private static List<string> PatchOperationsOf(EvaluationResult result) =>
        [.. result.Patch.Select(p => $"{p.Op} {p.Path} {p.Value?.GetRawText()}")];
}
