using System.Text.Json;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Format;
using Guardrails.Engine.Patching;
using Guardrails.Webhook.Admission;

namespace Guardrails.Webhook.Tests.Admission;

/// <summary>An engine result as an admission answer: denials, warnings, audit annotations, break glass, refusals, patches.</summary>
public sealed class DecisionBuilderTests
{
    private static readonly AdmissionRequest Request = new(
        "admission.k8s.io/v1", "uid-1", new GroupVersionKind("apps", "v1", "Deployment"), new GroupVersionResource("apps", "v1", "deployments"),
        null, "web", "shop", AdmissionOperation.Create, JsonDocument.Parse("""{"kind":"Deployment"}""").RootElement, null, false, "alice");

    [Fact]
    public void Nothing_found_is_allowed_with_nothing_to_say()
    {
        var decision = DecisionBuilder.Validate(Request, EvaluationResult.Empty, factsNote: null);

        decision.Should().BeEquivalentTo(new { Allowed = true, Message = (string?)null, Warnings = Array.Empty<string>(), BrokeGlass = false });
        decision.AuditAnnotations.Should().BeEmpty();
    }

    [Fact]
    public void Deny_violations_make_one_denial_naming_each_rule_with_its_fix_once()
    {
        var result = Result(Violation("probes", "readiness", PolicyAction.Deny, "container web declares no readiness probe", "Add a readinessProbe."),
            Violation("probes", "readiness", PolicyAction.Deny, "container side declares no readiness probe", "Add a readinessProbe."),
            Violation("tags", "pinned", PolicyAction.Warn, "image web:latest is not pinned"));

        var decision = DecisionBuilder.Validate(Request, result, factsNote: null);

        decision.Allowed.Should().BeFalse();
        decision.Message.Should().Be("guardrails denied Deployment shop/web: [probes/readiness] container web declares no readiness probe (fix: Add a readinessProbe); [probes/readiness] container side declares no readiness probe");
        decision.Warnings.Should().Equal("[tags/pinned] image web:latest is not pinned");
        decision.Policies.Should().Equal("probes", "tags");
    }

    [Fact]
    public void A_denial_resting_on_an_assumption_says_why_the_facts_were_unknown()
    {
        var assumed = Violation("prod", "replicas", PolicyAction.Deny, "too few replicas") with { Assumptions = ["namespace labels unknown"] };

        var decision = DecisionBuilder.Validate(Request, Result(assumed), factsNote: "Namespace labels were unavailable (timeout)");

        decision.Message.Should().EndWith("too few replicas. Namespace labels were unavailable (timeout)");
    }

    [Fact]
    public void Audit_violations_are_audit_annotations_and_allowed()
    {
        var decision = DecisionBuilder.Validate(Request, Result(Violation("cost", "limits", PolicyAction.Audit, "no cpu limit")), factsNote: null);

        decision.Allowed.Should().BeTrue();
        decision.AuditAnnotations.Should().Equal([new KeyValuePair<string, string>("audit.cost.limits", "no cpu limit")]);
    }

    [Fact]
    public void Break_glass_admits_a_denial_as_warnings_and_an_annotation_holding_the_denial()
    {
        var decision = DecisionBuilder.Validate(Request, Result(Violation("probes", "readiness", PolicyAction.Deny, "no readiness probe")), factsNote: null, breakGlass: true);

        decision.Allowed.Should().BeTrue();
        decision.BrokeGlass.Should().BeTrue();
        decision.Warnings.Should().Equal("[break-glass] would deny [probes/readiness] no readiness probe");
        decision.AuditAnnotations.Should().ContainSingle(a => a.Key == "break-glass" && a.Value == "guardrails denied Deployment shop/web: [probes/readiness] no readiness probe");
    }

    [Fact]
    public void Break_glass_does_not_mark_an_answer_that_denies_nothing()
    {
        var decision = DecisionBuilder.Validate(Request, Result(Violation("tags", "pinned", PolicyAction.Warn, "not pinned")), factsNote: null, breakGlass: true);

        decision.Allowed.Should().BeTrue();
        decision.BrokeGlass.Should().BeFalse();
    }

    [Fact]
    public void An_object_that_cannot_be_judged_is_refused_with_the_reason_and_break_glass_admits_it_with_a_warning()
    {
        var result = new EvaluationResult { Errors = [new EvaluationError(null, null, "spec.replicas is not an int32") { ObjectRefused = true }] };

        var refused = DecisionBuilder.Refuse(Request, result);
        var admitted = DecisionBuilder.Refuse(Request, result, breakGlass: true);

        refused.Should().BeEquivalentTo(new { Allowed = false, Message = "guardrails denied Deployment shop/web: spec.replicas is not an int32", BrokeGlass = false });
        admitted.Allowed.Should().BeTrue();
        admitted.BrokeGlass.Should().BeTrue();
        admitted.Warnings.Should().Equal("[break-glass] would deny: guardrails denied Deployment shop/web: spec.replicas is not an int32");
    }

    [Fact]
    public void Refused_and_expired_exemptions_are_warnings_and_applied_ones_audit_annotations()
    {
        var result = new EvaluationResult
        {
            Exemptions =
            [
                Use(ExemptionStatus.Applied, "legacy", null),
                Use(ExemptionStatus.Expired, "old", new DateOnly(2026, 1, 31)),
                Use(ExemptionStatus.NotAllowed, "annotation", null) with { Refusal = "no entry covers namespace shop" },
            ],
        };

        var decision = DecisionBuilder.Validate(Request, result, factsNote: null);

        decision.Allowed.Should().BeTrue();
        decision.Warnings.Should().Equal(
            "[probes/readiness] exemption expired on 2026-01-31 (old); the finding stands",
            "[probes/readiness] the exemption annotation is refused: no entry covers namespace shop; the finding stands");
        decision.AuditAnnotations.Should().ContainSingle().Which.Key.Should().Be("exempt.probes.readiness");
    }

    [Fact]
    public void The_mutating_answer_is_allowed_with_the_patch_and_announces_every_field_it_sets()
    {
        var result = new EvaluationResult
        {
            Patch = [new PatchOperation("add", "/spec/replicas", JsonDocument.Parse("2").RootElement)],
            Changes = [new AppliedChange("replicas", "minimum", new FieldChange("/spec/replicas", JsonDocument.Parse("2").RootElement, "spec.replicas"))],
        };

        var decision = DecisionBuilder.Mutate(result);

        decision.Allowed.Should().BeTrue();
        decision.Patch.Should().HaveCount(1);
        decision.Warnings.Should().ContainSingle().Which.Should().StartWith("[replicas/minimum] set spec.replicas");
        decision.AuditAnnotations.Should().ContainSingle().Which.Key.Should().Be("mutated.replicas.minimum");
        decision.Policies.Should().Equal("replicas");
    }

    private static EvaluationResult Result(params Violation[] violations) => new() { Violations = violations };

    private static Violation Violation(string policy, string rule, PolicyAction action, string message, string? fix = null) =>
        new(policy, rule, action, Severity.High, PolicyCategory.Reliability, message, fix, "/spec", "is required but missing", null, null, [], []);

    private static ExemptionUse Use(ExemptionStatus status, string entry, DateOnly? expires) =>
        new("probes", "readiness", "/spec", status, ExemptionSource.File, "team", "why", expires, entry);
}
