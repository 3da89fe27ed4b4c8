using Guardrails.Engine.Loading;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Tests.Policies;

public sealed class MutationMatchConditionTests
{
    private const string CpuLimit = """
            - id: cpu-limit
              target: container
              containerTypes: [containers]
              schema: {required: [resources], properties: {resources: {required: [limits], properties: {limits: {required: [cpu]}}}}}
              message: "{{name}} sets no CPU limit"
              mutate:
                - {op: add, path: /resources/limits/cpu, value: 500m}
        """;

    [Fact]
    public void The_chart_carries_the_condition_of_the_built_in_pack()
    {
        var generated = MutationMatchCondition.Expression(PolicyLoader.LoadPaths([RepoPaths.Policies]).PolicySet!) + "\n";
        var path = Path.Combine(RepoPaths.Chart, "files", "mutating-match-condition.cel");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.ReadAllText(path).ReplaceLineEndings("\n").Should().Be(generated,
            "charts/guardrails/files/mutating-match-condition.cel is generated from policies/; run UPDATE_GOLDEN=1 dotnet test to refresh it");
    }

    [Fact]
    public void Built_in_pack_is_called_for_each_field_its_fixes_fill_in()
    {
        var expression = MutationMatchCondition.Expression(PolicyLoader.LoadPaths([RepoPaths.Policies]).PolicySet!);

        expression.Should().Contain("!has(c.securityContext) || !has(c.securityContext.allowPrivilegeEscalation)")
            .And.Contain("!has(c.resources.limits) || !has(c.resources.limits.cpu) || !has(c.resources.limits.memory)")
            .And.Contain("(has(s.ephemeralContainers) && s.ephemeralContainers.exists(")
            .And.Contain("? [object.spec.jobTemplate.spec.template.spec] :")
            // Containers and init containers need the same fields: one pass over both.
            .And.Contain("((has(s.containers) ? s.containers : []) + (has(s.initContainers) ? s.initContainers : [])).exists(c, ")
            // A field the API server defaults before admission may still be filled in: the webhook decides from managedFields.
            .And.Contain("!has(object.spec) || !has(object.spec.replicas) || object.spec.replicas == 1")
            .And.Contain("(object.kind == 'HorizontalPodAutoscaler' && (!has(object.spec) || !has(object.spec.minReplicas) || object.spec.minReplicas == 1))")
            .And.NotContain("object.kind == 'Scale'");
        // The API server plans the expression again at each call: every pod-bearing kind shares one pass over its pod spec.
        expression.Split(".exists(s, ").Should().HaveCount(2);
    }

    [Fact]
    public void A_container_fix_is_looked_for_in_every_pod_bearing_kind_its_policy_matches()
    {
        var expression = MutationMatchCondition.Expression(TestPolicies.Load(TestPolicies.Policy(CpuLimit, match: "  match: {kinds: [Pod, CronJob]}")));

        expression.Should().Be(
            "object != null && (("
            // Pod expands to every pod-bearing kind, as the engine matches it; each kind's pod spec is found where it keeps it.
            + "object.kind == 'Pod' && has(object.spec) ? [object.spec] : "
            + "object.kind == 'CronJob' && has(object.spec) && has(object.spec.jobTemplate) && has(object.spec.jobTemplate.spec) && has(object.spec.jobTemplate.spec.template) && has(object.spec.jobTemplate.spec.template.spec) ? [object.spec.jobTemplate.spec.template.spec] : "
            + "object.kind in ['DaemonSet', 'Deployment', 'Job', 'ReplicaSet', 'ReplicationController', 'StatefulSet'] && has(object.spec) && has(object.spec.template) && has(object.spec.template.spec) ? [object.spec.template.spec] : "
            + "object.kind == 'PodTemplate' && has(object.template) && has(object.template.spec) ? [object.template.spec] : [])"
            + ".exists(s, (has(s.containers) && s.containers.exists(c, !has(c.resources) || !has(c.resources.limits) || !has(c.resources.limits.cpu)))))");
    }

    [Fact]
    public void A_member_that_is_no_identifier_is_tested_with_in()
    {
        var expression = ObjectFixCondition("/metadata/annotations/example.com~1team", "[ConfigMap]");

        expression.Should().Be(
            "object != null && ((object.kind == 'ConfigMap' && (!has(object.metadata) || !has(object.metadata.annotations) || !('example.com/team' in object.metadata.annotations))))");
    }

    [Fact]
    public void A_fix_for_any_kind_calls_the_webhook_for_every_object()
    {
        var expression = ObjectFixCondition("/metadata/labels/team", "['*']");

        expression.Should().Be("true");
    }

    [Fact]
    public void A_policy_set_without_fixes_never_calls_the_webhook()
    {
        var expression = MutationMatchCondition.Expression(TestPolicies.Load(TestPolicies.Policy("""
                - id: cpu-limit
                  target: container
                  containerTypes: [containers]
                  schema: {required: [resources]}
                  message: "{{name}} sets no resources"
            """)));

        expression.Should().Be("false");
    }

    // The condition of one object rule that fills in the field at pointer, in a policy matching kinds.
    private static string ObjectFixCondition(string pointer, string kinds) => MutationMatchCondition.Expression(TestPolicies.Load(TestPolicies.Policy($$"""
            - id: team
              target: object
              schema: {required: [metadata]}
              message: "no team"
              mutate:
                - {op: add, path: {{pointer}}, value: platform}
        """, match: $"  match: {{kinds: {kinds}}}")));
}
