using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Tests.Evaluation;

public sealed class PodControllerTests
{
    private static readonly PolicySet Policies = TestPolicies.Load(TestPolicies.Policy("""
            - id: no-privileged
              target: container
              schema:
                properties:
                  securityContext:
                    properties:
                      privileged: {const: false}
              message: "{{containerType}} {{name}} of {{kind}} {{object.metadata.name}} in {{namespace}} is privileged"
        """));

    private const string Container = """
        {name: app, image: app:1, securityContext: {privileged: true}}
        """;

    [Theory]
    [InlineData("v1", "Pod", "spec: {containers: [CONTAINER]}", "/spec/containers/0/securityContext/privileged")]
    [InlineData("apps/v1", "Deployment", "spec: {template: {spec: {containers: [CONTAINER]}}}", "/spec/template/spec/containers/0/securityContext/privileged")]
    [InlineData("apps/v1", "StatefulSet", "spec: {template: {spec: {containers: [CONTAINER]}}}", "/spec/template/spec/containers/0/securityContext/privileged")]
    [InlineData("apps/v1", "DaemonSet", "spec: {template: {spec: {containers: [CONTAINER]}}}", "/spec/template/spec/containers/0/securityContext/privileged")]
    [InlineData("apps/v1", "ReplicaSet", "spec: {template: {spec: {containers: [CONTAINER]}}}", "/spec/template/spec/containers/0/securityContext/privileged")]
    [InlineData("v1", "ReplicationController", "spec: {template: {spec: {containers: [CONTAINER]}}}", "/spec/template/spec/containers/0/securityContext/privileged")]
    [InlineData("batch/v1", "Job", "spec: {template: {spec: {containers: [CONTAINER]}}}", "/spec/template/spec/containers/0/securityContext/privileged")]
    [InlineData("batch/v1", "CronJob", "spec: {jobTemplate: {spec: {template: {spec: {containers: [CONTAINER]}}}}}", "/spec/jobTemplate/spec/template/spec/containers/0/securityContext/privileged")]
    [InlineData("v1", "PodTemplate", "template: {spec: {containers: [CONTAINER]}}", "/template/spec/containers/0/securityContext/privileged")]
    public void Container_rules_reach_the_pod_spec_of_every_pod_bearing_kind(string apiVersion, string kind, string body, string pointer)
    {
        var yaml = $"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: web, namespace: shop}}\n{body.Replace("CONTAINER", Container.Trim(), StringComparison.Ordinal)}\n";

        var result = TestPolicies.Evaluate(Policies, yaml, ns: null);

        var violation = result.Violations.Should().ContainSingle().Subject;
        violation.Pointer.Should().Be(pointer);
        violation.Message.Should().Be($"container app of {kind} web in shop is privileged");
        result.Denied.Should().BeTrue();
    }

    [Fact]
    public void Init_sidecar_and_ephemeral_containers_are_all_checked_in_order()
    {
        var result = TestPolicies.Evaluate(Policies, """
            apiVersion: v1
            kind: Pod
            metadata: {name: debug-me}
            spec:
              containers: [{name: app, image: a:1}]
              initContainers:
                - {name: init, image: i:1, securityContext: {privileged: true}}
                - {name: mesh, image: m:1, restartPolicy: Always, securityContext: {privileged: true}}
              ephemeralContainers:
                - {name: debugger, image: busybox:1.36, securityContext: {privileged: true}}
            """);

        result.Violations.Select(v => (v.Container, v.ContainerType, v.Pointer)).Should().Equal(
            ("init", "initContainer", "/spec/initContainers/0/securityContext/privileged"),
            ("mesh", "initContainer", "/spec/initContainers/1/securityContext/privileged"),
            ("debugger", "ephemeralContainer", "/spec/ephemeralContainers/0/securityContext/privileged"));
    }

    [Fact]
    public void Sidecar_container_type_selects_only_init_containers_that_keep_running()
    {
        var policies = TestPolicies.Load(TestPolicies.Policy("""
                - id: needs-probe
                  target: container
                  containerTypes: [containers, sidecarContainers]
                  schema: {required: [readinessProbe]}
                  message: "{{name}} has no readiness probe"
            """));

        var result = TestPolicies.Evaluate(policies, """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              initContainers:
                - {name: migrate, image: m:1}
                - {name: proxy, image: p:1, restartPolicy: Always}
              containers:
                - {name: app, image: a:1, readinessProbe: {tcpSocket: {port: 80}}}
            """);

        result.Violations.Should().ContainSingle().Which.Pointer.Should().Be("/spec/initContainers/1/readinessProbe");
    }

    [Fact]
    public void Kinds_without_a_pod_spec_are_not_matched_by_default()
    {
        var result = TestPolicies.Evaluate(Policies, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n");

        result.Violations.Should().BeEmpty();
        result.Errors.Should().BeEmpty();
    }
}
