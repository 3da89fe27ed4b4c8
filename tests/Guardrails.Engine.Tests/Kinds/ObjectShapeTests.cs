using System.Text.Json;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;

namespace Guardrails.Engine.Tests.Kinds;

/// <summary>
/// Shapes the engine cannot judge are refused, never allowed (issue 15.5). Each refusal is one kube-apiserver v1.32
/// makes too (checked: it refuses replicas 2.0, 1e2, 2147483648 and 1.9999999999999999999999999999999 in JSON, a spec
/// that is a string, number or list, and kind Deploymnet in apps/v1; it accepts replicas -0 as 0, and kubectl sends a YAML
/// 2.0 as 2, as the engine's YAML reader does).
/// </summary>
public sealed class ObjectShapeTests
{
    private static readonly PolicyEngine Pack = new(PolicyLoader.LoadPaths([RepoPaths.Policies]).PolicySet!);

    private const string Template = """{"metadata":{"labels":{"app":"a"}},"spec":{"containers":[{"name":"app","image":"registry.example.com/app:1.0.0"}]}}""";

    [Theory]
    [InlineData("null", "/spec: is required for a Deployment")]
    [InlineData("\"x\"", "/spec: must be an object, not a string")]
    [InlineData("3", "/spec: must be an object, not 3")]
    [InlineData("[]", "/spec: must be an object, not a list")]
    [InlineData("""{"replicas":2.0,"template":TEMPLATE}""", "/spec/replicas: must be an integer")]
    [InlineData("""{"replicas":1e2,"template":TEMPLATE}""", "/spec/replicas: must be an integer")]
    [InlineData("""{"replicas":2147483648,"template":TEMPLATE}""", "/spec/replicas: must be an integer")]
    [InlineData("""{"replicas":1.9999999999999999999999999999999,"template":TEMPLATE}""", "/spec/replicas: must be an integer")]
    [InlineData("""{"replicas":"2","template":TEMPLATE}""", "/spec/replicas: must be an integer")]
    [InlineData("""{"replicas":2}""", "/spec/template: is required")]
    [InlineData("""{"replicas":2,"template":{"spec":{"containers":[]}}}""", "/spec/template/spec/containers: must not be empty")]
    [InlineData("""{"replicas":2,"template":{"spec":{"containers":["app"]}}}""", "/spec/template/spec/containers/0: must be a container object")]
    [InlineData("""{"replicas":2,"template":{"spec":{"containers":[{"name":"a","securityContext":"root"}]}}}""", "/spec/template/spec/containers/0/securityContext: must be an object")]
    [InlineData("""{"replicas":2,"template":{"spec":{"containers":[{"name":"a","resources":{"limits":["cpu"]}}]}}}""", "/spec/template/spec/containers/0/resources/limits: must be an object")]
    [InlineData("""{"replicas":2,"template":{"spec":{"securityContext":[],"containers":[{"name":"a"}]}}}""", "/spec/template/spec/securityContext: must be an object")]
    [InlineData("""{"replicas":2,"template":{"spec":{"containers":[{"name":"a"}],"initContainers":{"name":"b"}}}}""", "/spec/template/spec/initContainers: must be a list")]
    public void A_deployment_the_engine_cannot_read_is_refused_with_where_and_why(string spec, string reason)
    {
        var result = Evaluate("apps/v1", "Deployment", spec.Replace("TEMPLATE", Template, StringComparison.Ordinal));

        result.Denied.Should().BeTrue();
        result.Violations.Should().BeEmpty("no partial verdict on an object that cannot be read");
        result.Errors.Should().ContainSingle().Which.Message.Should().StartWith("the object cannot be judged against the shape of its kind: " + reason);
    }

    [Theory]
    [InlineData("apps/v1", "Deploymnet", "/kind: kind 'Deploymnet' is not a kind of apps/v1 in Kubernetes 1.32")]
    [InlineData("v1", "Deployment", "/kind: kind 'Deployment' is not a kind of v1 in Kubernetes 1.32")]
    [InlineData("apps/v1beta1", "Deployment", "/kind: apiVersion 'apps/v1beta1' is not served by Kubernetes 1.32 (group apps serves v1)")]
    [InlineData("batch/v1", "Cronjob", "/kind: kind 'Cronjob' is not a kind of batch/v1")]
    public void An_unknown_kind_or_version_of_a_built_in_group_is_refused(string apiVersion, string kind, string reason)
    {
        var result = Evaluate(apiVersion, kind, """{"replicas":2,"template":TEMPLATE}""".Replace("TEMPLATE", Template, StringComparison.Ordinal));

        result.Denied.Should().BeTrue();
        result.Errors.Should().ContainSingle().Which.Message.Should().Contain(reason);
    }

    [Theory]
    [InlineData("apps/v1", "Deployment", """{"replicas":2,"template":TEMPLATE}""")]
    [InlineData("apps/v1", "Deployment", """{"replicas":-0,"template":TEMPLATE}""")]
    [InlineData("apps/v1", "Deployment", """{"replicas":2147483647,"template":TEMPLATE}""")]
    [InlineData("apps/v1", "StatefulSet", """{"replicas":3,"template":TEMPLATE}""")]
    [InlineData("example.com/v1", "Deployment", "\"a custom resource has its own shape\"")]
    [InlineData("example.com/v1", "Widget", """{"replicas":2.5}""")]
    [InlineData("resource.k8s.io/v1beta1", "DeviceClass", "{}")]
    [InlineData("v1", "ConfigMap", "{}")]
    public void Objects_of_known_shape_and_custom_resources_are_judged(string apiVersion, string kind, string spec)
    {
        var result = Evaluate(apiVersion, kind, spec.Replace("TEMPLATE", Template, StringComparison.Ordinal));

        result.Errors.Should().BeEmpty();
    }

    [Fact]
    public void A_scale_is_held_to_its_replicas_only()
    {
        var ok = Pack.Evaluate(new EvaluationRequest { Object = Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":3}}"""), Namespace = "default", SubResource = "scale" });
        var bad = Pack.Evaluate(new EvaluationRequest { Object = Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":3.0}}"""), Namespace = "default", SubResource = "scale" });

        ok.Errors.Should().BeEmpty();
        bad.Errors.Should().ContainSingle().Which.Message.Should().Contain("/spec/replicas: must be an integer");
    }

    private static EvaluationResult Evaluate(string apiVersion, string kind, string spec) =>
        Pack.Evaluate(new EvaluationRequest
        {
            Object = Parse($$$"""{"apiVersion":"{{{apiVersion}}}","kind":"{{{kind}}}","metadata":{"name":"d","namespace":"default"},"spec":{{{spec}}}}"""),
            Namespace = "default",
        });

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
}
