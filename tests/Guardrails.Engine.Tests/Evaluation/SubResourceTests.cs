using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;
using Guardrails.Engine.Loading;

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

    private const string NonRootPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: app, namespace: shop}
        spec:
          containers:
          - {name: app, image: "nginx:1.27", securityContext: {runAsNonRoot: true}}
        """;

    [Theory]
    [InlineData("{name: dbg, image: \"busybox:1.36\", securityContext: {runAsNonRoot: true}}", null)]
    [InlineData("{name: dbg, image: \"busybox:1.36\"}", "/spec/ephemeralContainers/0/securityContext")]
    [InlineData("{name: dbg, image: \"busybox:1.36\", securityContext: {runAsNonRoot: true, runAsUser: 0}}", "/spec/ephemeralContainers/0/securityContext/runAsUser")]
    public void Ephemeralcontainers_judges_pod_rules_for_what_the_new_containers_bring(string debugger, string? pointer)
    {
        var result = AddEphemeral(NonRootPod, WithDebugger(NonRootPod, debugger));

        var found = result.Violations.Where(v => v.PolicyId == "run-as-non-root").Select(v => v.Pointer);
        found.Should().BeEquivalentTo(pointer is null ? [] : new[] { pointer });
    }

    [Fact]
    public void Ephemeralcontainers_does_not_answer_for_a_pod_rule_failure_that_was_already_there()
    {
        var admitted = NonRootPod.Replace("securityContext: {runAsNonRoot: true}", "securityContext: {runAsUser: 0}", StringComparison.Ordinal);
        var withDebugger = WithDebugger(admitted, "{name: dbg, image: \"busybox:1.36\", securityContext: {runAsNonRoot: true}}");

        AddEphemeral(admitted, withDebugger).Violations.Should().NotContain(v => v.PolicyId == "run-as-non-root",
            "the app container's runAsUser: 0 was judged when the pod was admitted; the debugger brings nothing wrong");
        AddEphemeral(admitted, withDebugger.Replace("{runAsNonRoot: true}}\n", "{runAsNonRoot: true, runAsUser: 0}}\n", StringComparison.Ordinal))
            .Violations.Should().ContainSingle(v => v.PolicyId == "run-as-non-root")
            .Which.Pointer.Should().Be("/spec/ephemeralContainers/0/securityContext/runAsUser", "the debugger's own runAsUser: 0 is found behind the failure already there");
    }

    private static string WithDebugger(string pod, string debugger) => pod + "\n  ephemeralContainers:\n  - " + debugger + "\n";

    private static EvaluationResult AddEphemeral(string before, string after) => Engine.Evaluate(new EvaluationRequest
    {
        Object = TestPolicies.Object(after),
        OldObject = TestPolicies.Object(before),
        Operation = AdmissionOperation.Update,
        SubResource = "ephemeralcontainers",
        NamespaceLabels = Prod,
    });

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
