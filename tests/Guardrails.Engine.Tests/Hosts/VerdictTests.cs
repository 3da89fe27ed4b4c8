using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;
using Guardrails.Engine.Hosts;

namespace Guardrails.Engine.Tests.Hosts;

/// <summary>The one reading of a result every host uses: errors and deny violations are never admitted nor passed.</summary>
public sealed class VerdictTests
{
    private static readonly EvaluationError Refusal = new(null, null, "spec.replicas is not an int32") { ObjectRefused = true };
    private static readonly EvaluationError Failure = new("p", "r", "the evaluation exceeded its time limit");

    [Fact]
    public void Nothing_found_passes_and_audit_findings_still_pass()
    {
        Verdict.Of(EvaluationResult.Empty).Should().Be(Judgement.Passed);
        Verdict.Of(Result(PolicyAction.Audit)).Should().Be(Judgement.Passed);
    }

    [Fact]
    public void A_warning_warns_and_a_denial_wins_over_it()
    {
        Verdict.Of(Result(PolicyAction.Warn, PolicyAction.Audit)).Should().Be(Judgement.Warned);
        Verdict.Of(Result(PolicyAction.Warn, PolicyAction.Deny)).Should().Be(Judgement.Denied);
    }

    [Fact]
    public void Errors_are_refused_when_the_object_is_at_fault_and_not_judged_otherwise_whatever_the_violations()
    {
        Verdict.Of(Result(PolicyAction.Audit) with { Errors = [Refusal] }).Should().Be(Judgement.Refused);
        Verdict.Of(Result() with { Errors = [Refusal, Failure] }).Should().Be(Judgement.NotJudged);
        Verdict.Of(Result(PolicyAction.Warn) with { Errors = [Failure] }).Should().Be(Judgement.NotJudged);
    }

    [Theory]
    [InlineData(PolicyAction.Deny, PolicyAction.Deny, true)]
    [InlineData(PolicyAction.Warn, PolicyAction.Deny, false)]
    [InlineData(PolicyAction.Audit, PolicyAction.Deny, false)]
    [InlineData(PolicyAction.Deny, PolicyAction.Warn, true)]
    [InlineData(PolicyAction.Warn, PolicyAction.Warn, true)]
    [InlineData(PolicyAction.Audit, PolicyAction.Warn, false)]
    public void A_run_fails_at_its_fail_on_level_and_above(PolicyAction found, PolicyAction failOn, bool fails) =>
        Verdict.Fails(Result(found), failOn).Should().Be(fails);

    [Fact]
    public void At_deny_a_run_fails_exactly_when_the_result_is_denied_and_any_error_fails_at_every_level()
    {
        foreach (var result in new[] { EvaluationResult.Empty, Result(PolicyAction.Warn), Result(PolicyAction.Deny), Result() with { Errors = [Failure] } })
        {
            Verdict.Fails(result, PolicyAction.Deny).Should().Be(result.Denied);
        }

        Verdict.Fails(Result() with { Errors = [Refusal] }, PolicyAction.Warn).Should().BeTrue();
        Verdict.Fails(Result() with { Errors = [Refusal] }, PolicyAction.Audit).Should().BeTrue();
    }

    [Theory]
    [InlineData(Judgement.Passed, false, true, false)]
    [InlineData(Judgement.Warned, false, true, false)]
    [InlineData(Judgement.Denied, false, false, false)]
    [InlineData(Judgement.Denied, true, true, true)]
    [InlineData(Judgement.Refused, false, false, false)]
    [InlineData(Judgement.Refused, true, true, true)]
    [InlineData(Judgement.NotJudged, false, false, false)]
    [InlineData(Judgement.NotJudged, true, false, false)]
    [InlineData(Judgement.Passed, true, true, false)]
    public void Break_glass_admits_denials_and_refusals_but_never_what_was_not_judged(Judgement judgement, bool breakGlass, bool admitted, bool brokeGlass)
    {
        Verdict.Admits(judgement, breakGlass).Should().Be(admitted);
        Verdict.BreaksGlass(judgement, breakGlass).Should().Be(brokeGlass);
    }

    private static EvaluationResult Result(params PolicyAction[] actions) => new()
    {
        Violations = [.. actions.Select((action, i) => new Violation("p", $"r{i}", action, Severity.High, PolicyCategory.Security, "m", null, "/spec", "d", null, null, [], []))],
    };
}
