using System.Text.Json;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;

namespace Guardrails.Engine.Tests.Evaluation;

/// <summary>
/// What an evaluation keeps for the next (the thread's targets and memos, the engine's list of applied policies) must
/// never bear on that next one: every request of the repository (<see cref="FusedRulesTests.Requests"/>: the pack's
/// cases, the examples, the fixtures and the API server's admission reviews), judged by one engine on one thread after
/// the others, in order and in reverse, gets the result that a new engine gives it on a new thread.
/// </summary>
public sealed class ReusedStateTests
{
    [Fact]
    public void An_engine_that_judged_other_objects_on_this_thread_judges_each_as_a_new_engine_on_a_new_thread_does()
    {
        var policies = PolicyLoader.LoadPaths([RepoPaths.Policies]).PolicySet!;
        var requests = FusedRulesTests.Requests().Select(r => r.Request).ToList();
        requests.Should().HaveCountGreaterThan(300);
        var expected = requests.Select(request => OnNewThread(() => Describe(new PolicyEngine(policies, time: new FixedTime()).Evaluate(request)))).ToList();

        var shared = new PolicyEngine(policies, time: new FixedTime());
        var differences = new List<string>();
        foreach (var order in new[] { Enumerable.Range(0, requests.Count), Enumerable.Range(0, requests.Count).Reverse() })
        {
            foreach (var index in order)
            {
                var actual = Describe(shared.Evaluate(requests[index]));
                if (actual != expected[index])
                {
                    differences.Add($"request #{index}:\n  new:    {expected[index]}\n  reused: {actual}");
                }
            }
        }

        differences.Should().BeEmpty();
    }

    private static string OnNewThread(Func<string> judge)
    {
        string? result = null;
        var thread = new Thread(() => result = judge());
        thread.Start();
        thread.Join();
        return result!;
    }

    private static string Describe(EvaluationResult result) => JsonSerializer.Serialize(result);

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    }
}
