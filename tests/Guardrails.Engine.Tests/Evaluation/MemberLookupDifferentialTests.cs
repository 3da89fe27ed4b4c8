using System.Text.Json;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;
using Guardrails.Engine.Matching;
using Guardrails.Engine.Policies;
using Guardrails.Schema;

namespace Guardrails.Engine.Tests.Evaluation;

/// <summary>
/// The pack's schemas finding the members they read in one pass over each object against the same schemas looking each
/// member up by name (<see cref="ValidationContext.LooksUpEachMember"/>, the path before the pass), over every object of
/// the repository (<see cref="FusedRulesTests.Requests"/>): on the object, its pod spec and each container, the fused
/// check first and then every rule's <c>when</c> and schema, sharing one member memo per target as the engine does. The
/// verdicts and the failures, in order, must be the same, stopping at the first failure or collecting every one.
/// </summary>
public sealed class MemberLookupDifferentialTests
{
    [Theory]
    [MemberData(nameof(FusedRulesTests.PolicySets), MemberType = typeof(FusedRulesTests))]
    public void Every_rule_judges_every_target_as_with_a_lookup_per_member(string set)
    {
        var policies = FusedRulesTests.Load(set);
        var rules = policies.Policies.SelectMany(p => p.Rules).ToList();
        var fused = new FusedChecks(policies);
        var differences = new List<string>();
        var compared = 0;
        foreach (var (source, request) in FusedRulesTests.Requests())
        {
            foreach (var (target, kind, judging) in Targets(request, rules))
            {
                foreach (var collectAll in new[] { false, true })
                {
                    var memos = (Old: new MemberMemo(), New: new MemberMemo());
                    var checks = new List<CompiledSchema>();
                    if (kind != RuleTarget.Object && fused.For(kind, target) is { } check)
                    {
                        checks.Add(check);
                    }

                    checks.AddRange(judging.SelectMany(rule => rule.When is { } when ? [when, rule.Schema] : new[] { rule.Schema }));
                    foreach (var schema in checks)
                    {
                        var expected = Run(schema, target.Element, new ValidationContext(collectAll) { LooksUpEachMember = true, RootMembers = memos.Old });
                        var actual = Run(schema, target.Element, new ValidationContext(collectAll) { RootMembers = memos.New });
                        compared++;
                        if (actual != expected)
                        {
                            differences.Add($"{source} {target.Pointer} {target.Field}[{target.Index}] (collect all: {collectAll}): by name {expected}, in one pass {actual}");
                        }
                    }
                }
            }
        }

        differences.Should().BeEmpty();
        compared.Should().BeGreaterThan(10_000);
    }

    // The object with its own rules, then its pod spec and containers with theirs.
    private static IEnumerable<(Target Target, RuleTarget Kind, List<Rule> Rules)> Targets(EvaluationRequest request, List<Rule> rules)
    {
        if (request.Object is not { } root)
        {
            yield break;
        }

        yield return (new Target(root, string.Empty), RuleTarget.Object, rules.Where(r => r.Target == RuleTarget.Object).ToList());
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String
            || !PodSpecLocator.TryFind(kind.GetString()!, root, out var podSpec, out var pointer) || podSpec.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var target in FusedRulesTests.Targets(podSpec, pointer, rules))
        {
            yield return target;
        }
    }

    private static string Run(CompiledSchema schema, JsonElement value, ValidationContext context)
    {
        var valid = schema.Validate(value, context);
        return $"{valid}: " + string.Join("; ", context.Failures.Select(f => $"{f.Pointer} {f.Message}"));
    }
}
