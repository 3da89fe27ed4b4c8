using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Tests.Evaluation;

/// <summary>Subresource writes, judged with the built-in pack: each sees exactly the rules that concern it.</summary>
public sealed class SubResourceTests
{
    private static readonly PolicyEngine Engine = new(PolicyLoader.LoadPaths([RepoPaths.Policies]).PolicySet!);
    private static readonly Dictionary<string, string> Prod = new() { ["env"] = "prod" };

    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: app, namespace: shop}
        spec:
          containers:
          - {name: app, image: "nginx:latest"}
          ephemeralContainers:
          - {name: debugger, image: "busybox:1.36", targetContainerName: app}
        """;

    [Fact]
    public void Ephemeralcontainers_judges_only_the_new_ephemeral_containers_with_container_rules()
    {
        var withNew = Pod + "\n  - {name: debugger-2, image: \"busybox:latest\", securityContext: {privileged: true}}\n";

        var result = Engine.Evaluate(new EvaluationRequest
        {
            Object = TestPolicies.Object(withNew),
            OldObject = TestPolicies.Object(Pod),
            Operation = AdmissionOperation.Update,
            SubResource = "ephemeralcontainers",
            NamespaceLabels = Prod,
        });

        result.Violations.Select(v => (v.PolicyId, v.RuleId, v.Container)).Should().BeEquivalentTo(new[]
        {
            ("image-tag", "pinned-tag", "debugger-2"),
            ("no-privilege-escalation", "no-privilege-escalation", "debugger-2"),
            ("no-privileged", "no-privileged", "debugger-2"),
        });
        result.Violations.Should().OnlyContain(v => v.ContainerType == "ephemeralContainer");
        result.Denied.Should().BeTrue();
    }

    [Fact]
    public void The_same_pod_written_whole_is_judged_by_every_rule()
    {
        var result = Engine.Evaluate(new EvaluationRequest { Object = TestPolicies.Object(Pod), NamespaceLabels = Prod });

        result.Violations.Should().Contain(v => v.Container == "app" && v.PolicyId == "image-tag")
            .And.Contain(v => v.PolicyId == "health-probes");
    }

    [Fact]
    public void Scale_below_the_production_minimum_is_denied_without_a_patch()
    {
        var scaled = TestPolicies.Object("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: checkout, namespace: shop}
            spec: {replicas: 1}
            """);

        var result = Engine.Evaluate(new EvaluationRequest { Object = scaled, Operation = AdmissionOperation.Update, SubResource = "scale", NamespaceLabels = Prod });

        var violation = result.Violations.Should().ContainSingle().Subject;
        (violation.PolicyId, violation.RuleId, violation.Pointer).Should().Be(("replica-minimum", "min-replicas", "/spec/replicas"));
        violation.Patch.Should().BeEmpty();
        result.Patch.Should().BeEmpty("a scale request is denied, never rewritten");
        result.Denied.Should().BeTrue();
    }

    [Theory]
    [InlineData("status")]
    [InlineData("binding")]
    public void Other_subresources_are_not_judged(string subResource)
    {
        var result = Engine.Evaluate(new EvaluationRequest { Object = TestPolicies.Object(Pod), Operation = AdmissionOperation.Update, SubResource = subResource, NamespaceLabels = Prod });

        result.Violations.Should().BeEmpty();
        result.Errors.Should().BeEmpty();
        result.Revision.Should().Be(Engine.Policies.Revision);
    }
}
