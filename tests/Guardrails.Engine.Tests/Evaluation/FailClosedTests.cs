using System.Text.Json;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Tests.Evaluation;

public sealed class FailClosedTests
{
    private static readonly PolicySet Policies = TestPolicies.Load(TestPolicies.Policy("""
            - id: safe-name
              target: container
              schema:
                properties:
                  name: {not: {pattern: "^(a+)+$"}}
              message: "{{name}} has a suspicious name"
        """));

    [Theory]
    [InlineData("[1, 2, 3]")]
    [InlineData("\"just a string\"")]
    [InlineData("{\"apiVersion\": \"v1\", \"metadata\": {}}")]
    [InlineData("{\"kind\": 42}")]
    public void Objects_that_are_not_Kubernetes_objects_are_errors_never_allowed(string json)
    {
        var result = new PolicyEngine(Policies).Evaluate(new EvaluationRequest { Object = JsonDocument.Parse(json).RootElement });

        result.Errors.Should().ContainSingle().Which.Message.Should().Contain("not a Kubernetes object");
        result.Denied.Should().BeTrue();
    }

    [Fact]
    public void A_create_without_an_object_is_an_error()
    {
        var result = new PolicyEngine(Policies).Evaluate(new EvaluationRequest { Operation = AdmissionOperation.Create });

        result.Denied.Should().BeTrue();
    }

    [Fact]
    public void A_delete_without_a_matching_policy_is_allowed()
    {
        var result = new PolicyEngine(Policies).Evaluate(new EvaluationRequest { Operation = AdmissionOperation.Delete });

        result.Denied.Should().BeFalse();
        result.Errors.Should().BeEmpty();
    }

    [Fact]
    public void A_regex_time_out_is_an_error_even_under_not()
    {
        var result = TestPolicies.Evaluate(Policies, $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec: {containers: [{name: "{{new string('a', 40)}}!", image: x:1}]}
            """);

        result.Violations.Should().BeEmpty();
        var error = result.Errors.Should().ContainSingle().Subject;
        error.PolicyId.Should().Be("test-policy");
        error.RuleId.Should().Be("safe-name");
        error.Message.Should().Contain("/spec/containers/0").And.Contain("took longer than");
        result.Denied.Should().BeTrue();
    }

    [Fact]
    public void Wrong_types_deep_in_the_object_do_not_throw()
    {
        var result = TestPolicies.Evaluate(Policies, """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, labels: [not, a, map], annotations: 7}
            spec: {containers: [{name: 3, image: x:1, env: "not a list", ports: 7}], volumes: {x: 1}}
            """);

        result.Errors.Should().BeEmpty();
        // JSON Schema semantics: a pattern ignores a number, so the inner schema passes and `not` fails.
        result.Violations.Should().ContainSingle().Which.Pointer.Should().Be("/spec/containers/0/name");
    }

    [Fact]
    public void An_evaluation_past_its_time_limit_stops_with_an_error_never_a_partial_verdict()
    {
        var twoRules = TestPolicies.Load(TestPolicies.Policy("""
                - id: first
                  target: container
                  schema: {required: [image]}
                  message: "{{name}} has no image"
                - id: second
                  target: container
                  schema: {required: [command]}
                  message: "{{name}} has no command"
            """));
        var pod = TestPolicies.Object("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers: [{name: c}]
            """);

        // Each reading of this clock is one second after the last: the first rule starts in time, the second not.
        var result = new PolicyEngine(twoRules, time: new SteppingTime()).Evaluate(new EvaluationRequest { Object = pod, Namespace = "default", TimeLimit = TimeSpan.FromSeconds(1.5) });
        var unlimited = new PolicyEngine(twoRules, time: new SteppingTime()).Evaluate(new EvaluationRequest { Object = pod, Namespace = "default" });

        result.Errors.Should().ContainSingle().Which.Message.Should().Be("the evaluation ran past its time limit of 1500 ms and was stopped before test-policy/second");
        result.Violations.Should().BeEmpty("a verdict on half the rules is no verdict");
        result.Denied.Should().BeTrue();
        unlimited.Errors.Should().BeEmpty();
        unlimited.Violations.Select(v => v.RuleId).Should().Equal("first", "second");
    }

    private sealed class SteppingTime : TimeProvider
    {
        private long _now;

        public override long GetTimestamp() => _now += TimestampFrequency;
    }
}
