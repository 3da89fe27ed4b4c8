using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Patching;
using Guardrails.Schema;

namespace Guardrails.Engine.Tests.Evaluation;

/// <summary>
/// A mutation fills in what is absent, never rewrites what is written, and is withheld where the API server would
/// refuse the object it produces. The refusals pinned here were each seen from a real kube-apiserver v1.32.
/// </summary>
public sealed class FixPlannerTests
{
    private static readonly PolicyEngine Pack = new(PolicyLoader.LoadPaths([RepoPaths.Policies]).PolicySet!);
    private static readonly Dictionary<string, string> Production = new() { ["env"] = "prod" };

    [Fact]
    public void A_privileged_container_gets_no_allowPrivilegeEscalation_and_the_violation_says_why()
    {
        var result = Judge(Pod("securityContext: {privileged: true}"));

        var escalation = result.Violations.Single(v => v.PolicyId == "no-privilege-escalation");
        escalation.Patch.Should().BeEmpty();
        escalation.Changes.Should().BeEmpty();
        escalation.FixWithheld.Should().Be("the API server refuses allowPrivilegeEscalation: false on a privileged container");
        result.Changes.Should().NotContain(c => c.PolicyId == "no-privilege-escalation");
        result.Changes.Select(c => c.RuleId).Should().Contain(["cpu-request", "memory-request", "cpu-limit", "memory-limit"], "the other fixes of the container still apply");
    }

    [Theory]
    [InlineData("CAP_SYS_ADMIN", false)]
    [InlineData("SYS_ADMIN", true)]
    [InlineData("NET_ADMIN", true)]
    public void An_added_CAP_SYS_ADMIN_withholds_allowPrivilegeEscalation_as_the_API_server_spells_it(string capability, bool fixedInCluster)
    {
        var result = Judge(Pod($"securityContext: {{capabilities: {{add: [{capability}]}}}}"));

        var escalation = result.Violations.Single(v => v.PolicyId == "no-privilege-escalation");
        (escalation.Changes.Count > 0).Should().Be(fixedInCluster);
        escalation.FixWithheld.Should().Be(fixedInCluster ? null : "the API server refuses allowPrivilegeEscalation: false on a container that adds CAP_SYS_ADMIN");
    }

    [Theory]
    [InlineData("securityContext: {allowPrivilegeEscalation: false, capabilities: [CAP_SYS_ADMIN]}")]
    [InlineData("securityContext: {allowPrivilegeEscalation: false, capabilities: CAP_SYS_ADMIN}")]
    [InlineData("securityContext: {allowPrivilegeEscalation: false, capabilities: {add: CAP_SYS_ADMIN}}")]
    [InlineData("securityContext: {allowPrivilegeEscalation: false, privileged: [true]}")]
    [InlineData("securityContext: [allowPrivilegeEscalation]")]
    [InlineData("resources: {requests: [cpu], limits: {cpu: 1}}")]
    [InlineData("resources: {requests: {cpu: [2]}, limits: {cpu: {value: 1}}}")]
    public void A_field_of_the_wrong_type_beside_a_fix_is_judged_without_an_internal_error(string fields)
    {
        // Found by the admission fuzz target: capabilities as a list made the refusal check index a list as a map.
        var result = Judge(Pod(fields));

        result.Errors.Should().NotContain(e => e.Message.Contains("internal error", StringComparison.Ordinal));
    }

    [Fact]
    public void Privileged_false_beside_the_missing_setting_is_fixed()
    {
        var result = Judge(Pod("securityContext: {privileged: false}"));

        result.Changes.Should().ContainSingle(c => c.PolicyId == "no-privilege-escalation")
            .Which.Change.Describe().Should().Be("set securityContext.allowPrivilegeEscalation of container app to false");
    }

    [Fact]
    public void A_written_replicas_value_is_never_rewritten()
    {
        var result = Judge(Deployment("replicas: 1"), Production);

        var replicas = result.Violations.Single(v => v.RuleId == "min-replicas");
        replicas.Action.Should().Be(PolicyAction.Deny);
        replicas.Changes.Should().BeEmpty();
        replicas.FixWithheld.Should().Be("/spec/replicas is written, and a mutation never rewrites a written value (a create that is not an apply cannot show that the API server defaulted it: apply the manifest, or write the value you need)");
        Judge(Deployment("replicas: 1"), Production, AdmissionOperation.Update).Violations.Single(v => v.RuleId == "min-replicas")
            .FixWithheld.Should().Be("/spec/replicas is written, and a mutation never rewrites a written value", "an update stores what was written");
        result.Patch.Should().NotContain(p => p.Path == "/spec/replicas");
    }

    [Fact]
    public void A_written_field_the_API_server_never_defaults_is_not_said_to_be_possibly_defaulted()
    {
        var result = Judge(Pod("securityContext: {allowPrivilegeEscalation: true}"));

        result.Violations.Single(v => v.PolicyId == "no-privilege-escalation").FixWithheld
            .Should().Be("/spec/containers/0/securityContext/allowPrivilegeEscalation is written, and a mutation never rewrites a written value");
    }

    [Fact]
    public void An_absent_replicas_value_is_filled_in()
    {
        var result = Judge(Deployment(""), Production);

        var replicas = result.Changes.Should().ContainSingle(c => c.RuleId == "min-replicas").Which.Change;
        replicas.Describe().Should().Be("set spec.replicas to 2");
        replicas.OnlyWhenApplied.Should().BeTrue("the API server defaults replicas before admission: only an apply shows it was not written");
        replicas.DescribeForManifest().Should().Be("set spec.replicas to 2, " + FieldChange.OnlyWhenAppliedNote);
        result.Changes.Where(c => c.RuleId != "min-replicas").Should().NotBeEmpty().And.OnlyContain(c => !c.Change.OnlyWhenApplied, "the API server defaults none of the container fields the pack fills in");
        result.Patch.Should().Contain(p => p.Op == "add" && p.Path == "/spec/replicas");
    }

    [Fact]
    public void A_replicas_value_the_API_server_defaulted_under_server_side_apply_is_filled_in()
    {
        // What a server-side apply of a manifest without replicas reaches the webhook as: defaulted to 1, and absent
        // from the applier's managed fields.
        var applied = """
            managedFields:
              - manager: ci
                operation: Apply
                fieldsV1: {"f:spec": {"f:selector": {}, "f:template": {}}}
            """;
        var result = Judge(Deployment("replicas: 1", applied), Production);

        result.Patch.Should().ContainSingle(p => p.Path == "/spec/replicas").Which.Op.Should().Be("replace");
        result.Violations.Single(v => v.RuleId == "min-replicas").FixWithheld.Should().BeNull();
    }

    [Fact]
    public void A_replicas_value_the_server_side_apply_wrote_is_kept()
    {
        var applied = """
            managedFields:
              - manager: ci
                operation: Apply
                fieldsV1: {"f:spec": {"f:replicas": {}, "f:template": {}}}
            """;
        var result = Judge(Deployment("replicas: 1", applied), Production);

        result.Patch.Should().NotContain(p => p.Path == "/spec/replicas");
    }

    [Theory]
    [InlineData("""{"apiVersion":"apps/v1","kind":"Deployment","spec":{"template":{}}}""", true)]
    [InlineData("""{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":1,"template":{}}}""", false)]
    public void A_kubectl_apply_tells_by_its_last_applied_configuration(string lastApplied, bool filledIn)
    {
        var annotation = "annotations: {kubectl.kubernetes.io/last-applied-configuration: '" + lastApplied + "'}";
        var result = Judge(Deployment("replicas: 1", annotation), Production);

        result.Patch.Any(p => p.Path == "/spec/replicas").Should().Be(filledIn);
    }

    [Fact]
    public void On_update_a_stored_replicas_value_is_never_rewritten_whatever_managedFields_say()
    {
        var applied = """
            managedFields:
              - {manager: ci, operation: Apply, fieldsV1: {"f:spec": {"f:template": {}}}}
            """;
        var result = Judge(Deployment("replicas: 1", applied), Production, AdmissionOperation.Update);

        result.Patch.Should().NotContain(p => p.Path == "/spec/replicas");
    }

    [Fact]
    public void A_null_member_counts_as_absent_and_is_replaced()
    {
        var policies = TestPolicies.Load(TestPolicies.Policy("""
                - id: escalation
                  target: container
                  containerTypes: [containers]
                  schema: {required: [securityContext], properties: {securityContext: {type: object, required: [allowPrivilegeEscalation]}}}
                  message: "{{name}} may escalate"
                  mutate:
                    - {op: add, path: /securityContext/allowPrivilegeEscalation, value: false}
            """));
        var result = new PolicyEngine(policies).Evaluate(new EvaluationRequest { Object = TestPolicies.Object(Pod("securityContext: null")) });

        PatchOperation.ToJson(result.Patch).Should().Be("""[{"op":"add","path":"/spec/containers/0/securityContext","value":{"allowPrivilegeEscalation":false}}]""");
    }

    [Fact]
    public void A_pod_update_gets_no_fix_because_its_spec_cannot_change()
    {
        var result = Judge(Pod(""), operation: AdmissionOperation.Update);

        result.Patch.Should().BeEmpty();
        result.Violations.Where(v => v.PolicyId == "resource-requests-limits").Should().OnlyContain(v => v.FixWithheld == "a Pod's spec cannot change after it is created, beyond images, tolerations and deadlines");
    }

    [Fact]
    public void A_job_update_gets_no_fix_of_its_pod_template_but_a_deployment_update_does()
    {
        const string Job = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: j, namespace: default}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: c, image: a:1}]
            """;
        Judge(Job, operation: AdmissionOperation.Update).Patch.Should().BeEmpty();
        Judge(Job).Patch.Should().NotBeEmpty();
        Judge(Deployment(""), operation: AdmissionOperation.Update).Patch.Should().Contain(p => p.Path.StartsWith("/spec/template/spec/containers/0/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fix_that_would_put_a_request_above_its_limit_is_withheld()
    {
        var policies = TestPolicies.Load(TestPolicies.Policy("""
                - id: big-request
                  target: container
                  containerTypes: [containers]
                  schema: {required: [resources], properties: {resources: {required: [requests], properties: {requests: {required: [cpu]}}}}}
                  message: "{{name}} sets no CPU request"
                  mutate:
                    - {op: add, path: /resources/requests/cpu, value: "2"}
            """));
        var result = new PolicyEngine(policies).Evaluate(new EvaluationRequest { Object = TestPolicies.Object(Pod("resources: {limits: {cpu: 500m}}")) });

        result.Violations.Single().FixWithheld.Should().Be("the API server refuses a cpu request (2) above its limit (500m)");
        result.Patch.Should().BeEmpty();
    }

    [Fact]
    public void Fixes_are_checked_as_the_combined_patch_applies_them_where_the_first_fill_of_a_field_wins()
    {
        // The second rule's own patch (limit 4, request 3) is valid; in the combined patch the first rule's limit of 1
        // stays, and a request of 3 above it would be refused.
        var policies = TestPolicies.Load(TestPolicies.Policy("""
                - id: small-limit
                  target: container
                  containerTypes: [containers]
                  schema: {required: [resources], properties: {resources: {required: [limits], properties: {limits: {required: [cpu]}}}}}
                  message: "{{name}} sets no CPU limit"
                  mutate:
                    - {op: add, path: /resources/limits/cpu, value: "1"}
                - id: big-request
                  target: container
                  containerTypes: [containers]
                  schema: {required: [resources], properties: {resources: {required: [requests], properties: {requests: {required: [cpu]}}}}}
                  message: "{{name}} sets no CPU request"
                  mutate:
                    - {op: add, path: /resources/limits/cpu, value: "4"}
                    - {op: add, path: /resources/requests/cpu, value: "3"}
            """));
        var result = new PolicyEngine(policies).Evaluate(new EvaluationRequest { Object = TestPolicies.Object(Pod("")) });

        result.Violations.Single(v => v.RuleId == "big-request").FixWithheld.Should().Be("the API server refuses a cpu request (3) above its limit (1)");
        PatchOperation.ToJson(result.Patch).Should().Be("""[{"op":"add","path":"/spec/containers/0/resources","value":{"limits":{"cpu":"1"}}}]""");
    }

    [Theory]
    [InlineData("")]
    [InlineData(", resources: {}")]
    public void A_new_privileged_ephemeral_container_gets_no_allowPrivilegeEscalation(string apiServerDefaults)
    {
        // kubectl debug --profile=sysadmin adds a privileged ephemeral container; the API server gives it resources: {}
        // before any webhook sees it (an empty resources is no reason to refuse it, as a non-empty one would be).
        var pod = $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: default}
            spec:
              containers: [{name: app, image: a:1}]
              ephemeralContainers: [{name: debugger, image: busybox:1.36, securityContext: {privileged: true}{{apiServerDefaults}}}]
            """;
        var result = Pack.Evaluate(new EvaluationRequest
        {
            Object = TestPolicies.Object(pod),
            OldObject = TestPolicies.Object(pod[..pod.IndexOf("\n  ephemeralContainers", StringComparison.Ordinal)]),
            Operation = AdmissionOperation.Update,
            SubResource = "ephemeralcontainers",
            Namespace = "default",
        });

        result.Patch.Should().BeEmpty();
        result.Violations.Should().Contain(v => v.PolicyId == "no-privileged" && v.Action == PolicyAction.Deny);
    }

    /// <summary>Every mutation of the pack, on containers that combine it with the fields the API server checks it against.</summary>
    [Theory]
    [MemberData(nameof(ContainerShapes))]
    public void Every_fix_of_the_pack_leaves_an_object_the_API_server_accepts(string container)
    {
        var pod = Pod(container);
        var original = TestPolicies.Object(pod);
        var result = Judge(pod);

        var patched = Patching.PatchTests.Apply(original, result.Patch);
        var before = ApiServerRules.ContainerRefusals(original.GetProperty("spec"), "/spec").ToList();
        ApiServerRules.ContainerRefusals(patched.GetProperty("spec"), "/spec").Should().BeEquivalentTo(before, "a fix never adds a reason to refuse");
        result.Changes.Select(c => c.Change.Pointer).Should().OnlyHaveUniqueItems();
        foreach (var change in result.Changes)
        {
            JsonPointer.TryParse(change.Change.Pointer, out var tokens).Should().BeTrue();
            JsonPointer.TryResolve(original, tokens, out var was).Should().BeFalse($"{change.Change.Pointer} was absent before the fix (it held {was})");
        }
    }

    public static TheoryData<string> ContainerShapes()
    {
        var securityContexts = new[]
        {
            "", "securityContext: {}", "securityContext: {privileged: true}", "securityContext: {privileged: false}",
            "securityContext: {capabilities: {add: [CAP_SYS_ADMIN]}}", "securityContext: {capabilities: {add: [SYS_ADMIN, NET_ADMIN]}}",
            "securityContext: {privileged: true, allowPrivilegeEscalation: true}", "securityContext: {allowPrivilegeEscalation: false}",
        };
        var resources = new[]
        {
            "", "resources: {}", "resources: {limits: {cpu: 50m}}", "resources: {limits: {cpu: 50m, memory: 64Mi}}",
            "resources: {requests: {cpu: \"8\"}}", "resources: {requests: {cpu: \"8\", memory: 2Gi}}",
            "resources: {requests: {memory: 1Ki}, limits: {cpu: \"2\"}}", "resources: {requests: {cpu: 1m}, limits: {memory: 300Mi}}",
        };
        var shapes = new TheoryData<string>();
        foreach (var securityContext in securityContexts)
        {
            foreach (var resource in resources)
            {
                shapes.Add(string.Join("\n    ", new[] { securityContext, resource }.Where(s => s.Length > 0)));
            }
        }

        return shapes;
    }

    private static EvaluationResult Judge(string yaml, Dictionary<string, string>? namespaceLabels = null, AdmissionOperation operation = AdmissionOperation.Create) =>
        Pack.Evaluate(new EvaluationRequest
        {
            Object = TestPolicies.Object(yaml),
            OldObject = operation == AdmissionOperation.Update ? TestPolicies.Object(yaml) : null,
            Operation = operation,
            NamespaceLabels = namespaceLabels ?? [],
        });

    private static string Pod(string containerFields) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: default}
        spec:
          containers:
          - name: app
            image: registry.example.com/app:1.0
            {{containerFields}}
        """;

    private static string Deployment(string replicas, string metadata = "") => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: d
          namespace: shop
        {{{Indent(metadata, "  ")}}}
        spec:
          {{{replicas}}}
          selector: {matchLabels: {app: d}}
          template:
            metadata: {labels: {app: d}}
            spec:
              containers: [{name: app, image: registry.example.com/app:1.0}]
        """;

    private static string Indent(string text, string prefix) => string.Join("\n", text.Split('\n').Select(l => l.Length == 0 ? l : prefix + l));
}
