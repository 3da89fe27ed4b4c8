using System.Text.Json;
using Guardrails.Engine.Evaluation;

namespace Guardrails.Engine.Tests.Evaluation;

/// <summary>
/// The evaluation's time limit bounds each step, not only the gaps between rules (issue 15.1). The clocks here are
/// fakes, so each verdict is exact; a real slow pattern is cut by the deadline rather than by its own 200 ms.
/// </summary>
public sealed class DeadlineTests
{
    [Fact]
    public void A_single_long_rule_is_stopped_inside_at_the_deadline()
    {
        // One rule whose work is quadratic in the list: without a check inside it, no later check would ever come.
        var policies = TestPolicies.Load(TestPolicies.Policy("""
                - id: unique-volumes
                  target: pod
                  schema:
                    properties:
                      volumes: {uniqueItems: true}
                  message: "{{kind}} lists a volume twice"
            """));
        var volumes = string.Join(",", Enumerable.Range(0, 3_000).Select(i => $$$"""{"name":"v{{{i}}}","emptyDir":{}}"""));
        var pod = JsonDocument.Parse($$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"x:1"}],"volumes":[{{{volumes}}}]}}""").RootElement;

        var limited = new PolicyEngine(policies, time: new SteppingTime()).Evaluate(new EvaluationRequest { Object = pod, Namespace = "default", TimeLimit = TimeSpan.FromSeconds(1.5) });
        var unlimited = new PolicyEngine(policies, time: new SteppingTime()).Evaluate(new EvaluationRequest { Object = pod, Namespace = "default" });

        limited.Errors.Should().ContainSingle().Which.Message.Should().Be("the evaluation ran past its time limit of 1500 ms and was stopped in test-policy/unique-volumes");
        limited.Violations.Should().BeEmpty();
        limited.Denied.Should().BeTrue();
        unlimited.Errors.Should().BeEmpty();
        unlimited.Violations.Should().BeEmpty("every volume is distinct");
    }

    [Fact]
    public void A_step_that_ends_in_time_is_not_stopped()
    {
        var policies = TestPolicies.Load(TestPolicies.Policy("""
                - id: image
                  target: container
                  schema: {required: [image]}
                  message: "{{name}} has no image"
            """));
        var pod = TestPolicies.Object("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers: [{name: c}]
            """);

        var result = new PolicyEngine(policies, time: new FrozenTime()).Evaluate(new EvaluationRequest { Object = pod, Namespace = "default", TimeLimit = TimeSpan.FromMilliseconds(1) });

        result.Errors.Should().BeEmpty();
        result.Violations.Should().ContainSingle().Which.RuleId.Should().Be("image");
    }

    [Fact(Timeout = 30_000)]
    public async Task A_pattern_never_runs_past_the_deadline_even_below_its_own_limit()
    {
        await Task.Yield();
        var policies = TestPolicies.Load(TestPolicies.Policy("""
                - id: slow
                  target: object
                  schema:
                    properties:
                      metadata:
                        properties:
                          name: {pattern: "^(a|aa)+$"}
                  message: "{{kind}} has an odd name"
            """));
        var pod = JsonDocument.Parse($$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{new string('a', 60)}}}!"},"spec":{"containers":[{"name":"c","image":"x:1"}]}}""").RootElement;

        // The clock never moves: 30 ms are left when the pattern starts, so it runs under a 20 ms limit, not 200 ms.
        var result = new PolicyEngine(policies, time: new FrozenTime()).Evaluate(new EvaluationRequest { Object = pod, Namespace = "default", TimeLimit = TimeSpan.FromMilliseconds(30) });
        var unlimited = new PolicyEngine(policies, time: new FrozenTime()).Evaluate(new EvaluationRequest { Object = pod, Namespace = "default" });

        result.Errors.Should().ContainSingle().Which.Message.Should().Be("the evaluation ran past its time limit of 30 ms and was stopped in test-policy/slow");
        unlimited.Errors.Should().ContainSingle().Which.Message.Should().Contain("took longer than 200 ms", "without a deadline the pattern's own limit applies");
    }

    private sealed class SteppingTime : TimeProvider
    {
        private long _now;

        // Each reading is one second after the last.
        public override long GetTimestamp() => _now += TimestampFrequency;
    }

    private sealed class FrozenTime : TimeProvider
    {
        public override long GetTimestamp() => 0;
    }
}
