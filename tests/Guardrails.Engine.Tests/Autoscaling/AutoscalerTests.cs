using Guardrails.Engine.Autoscaling;

namespace Guardrails.Engine.Tests.Autoscaling;

/// <summary>The facts of a HorizontalPodAutoscaler, read from its manifest, and which workload they scale.</summary>
public sealed class AutoscalerTests
{
    [Theory]
    [InlineData("autoscaling/v2")]
    [InlineData("autoscaling/v1")]
    public void Reads_the_facts_of_either_version(string apiVersion)
    {
        var autoscaler = Autoscaler.FromObject(TestPolicies.Object($$"""
            apiVersion: {{apiVersion}}
            kind: HorizontalPodAutoscaler
            metadata: {name: web, namespace: ignored}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web-app}
              minReplicas: 3
              maxReplicas: 9
            """), "shop");

        autoscaler.Should().Be(new Autoscaler("shop", "web", "apps/v1", "Deployment", "web-app", 3));
        autoscaler!.Floor.Should().Be(3);
    }

    [Theory]
    [InlineData("minReplicas: null")]
    [InlineData("maxReplicas: 4")]
    public void An_absent_minReplicas_is_the_API_server_default_of_one(string line)
    {
        var autoscaler = Autoscaler.FromObject(TestPolicies.Object($$"""
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: web}
            spec:
              scaleTargetRef: {kind: ReplicationController, name: old}
              {{line}}
            """), "default");

        autoscaler!.MinReplicas.Should().BeNull();
        autoscaler.Floor.Should().Be(1);
        autoscaler.TargetApiVersion.Should().BeEmpty("an absent apiVersion names the core group");
    }

    [Theory]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2}")]
    [InlineData("apiVersion: example.com/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {scaleTargetRef: {kind: Deployment, name: web}}")]
    [InlineData("kind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {scaleTargetRef: {kind: Deployment, name: web}}")]
    [InlineData("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {namespace: shop}\nspec: {scaleTargetRef: {kind: Deployment, name: web}}")]
    [InlineData("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {maxReplicas: 3}")]
    [InlineData("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {scaleTargetRef: {kind: Deployment}}")]
    [InlineData("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {scaleTargetRef: {kind: Deployment, name: web, apiVersion: 1}}")]
    [InlineData("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {scaleTargetRef: {kind: Deployment, name: web}, minReplicas: \"2\"}")]
    [InlineData("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {scaleTargetRef: {kind: Deployment, name: web}, minReplicas: 2.5}")]
    [InlineData("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {scaleTargetRef: {kind: Deployment, name: web}, minReplicas: 4294967296}")]
    [InlineData("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: [1]")]
    public void Anything_else_gives_no_facts(string yaml)
    {
        Autoscaler.FromObject(TestPolicies.Object(yaml), "shop").Should().BeNull();
    }

    [Theory]
    [InlineData("shop", "apps/v1", "Deployment", "web", true)]
    [InlineData("shop", "apps/v1beta2", "Deployment", "web", true)]
    [InlineData("other", "apps/v1", "Deployment", "web", false)]
    [InlineData("shop", "apps/v1", "StatefulSet", "web", false)]
    [InlineData("shop", "apps/v1", "Deployment", "web2", false)]
    [InlineData("shop", "example.com/v1", "Deployment", "web", false)]
    [InlineData("shop", "v1", "Deployment", "web", false)]
    public void Scales_the_object_of_its_namespace_kind_name_and_api_group(string ns, string apiVersion, string kind, string name, bool scales)
    {
        var autoscaler = new Autoscaler("shop", "web-hpa", "apps/v1", "Deployment", "web", 2);

        autoscaler.Scales(ns, apiVersion, kind, name).Should().Be(scales);
    }

    [Fact]
    public void A_target_without_apiVersion_is_of_the_core_group()
    {
        var autoscaler = new Autoscaler("shop", "rc-hpa", string.Empty, "ReplicationController", "old", 2);

        autoscaler.Scales("shop", "v1", "ReplicationController", "old").Should().BeTrue();
        autoscaler.Scales("shop", "apps/v1", "ReplicationController", "old").Should().BeFalse();
    }
}
