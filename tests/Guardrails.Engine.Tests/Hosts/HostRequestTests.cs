using System.Text.Json;
using Guardrails.Engine.Autoscaling;
using Guardrails.Engine.Format;
using Guardrails.Engine.Hosts;

namespace Guardrails.Engine.Tests.Hosts;

/// <summary>How every host makes an object into the engine's request.</summary>
public sealed class HostRequestTests
{
    private static readonly JsonElement Pod = JsonDocument.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"}}""").RootElement;
    private static readonly Autoscaler Scaler = new("shop", "web", "apps/v1", "Deployment", "web", 3);

    [Fact]
    public void A_namespaced_object_carries_its_namespace_labels_and_autoscalers_unknown_ones_included()
    {
        var labels = new Dictionary<string, string> { ["env"] = "prod" };

        var known = HostRequest.For(Pod, AdmissionOperation.Update, "shop", labels, [Scaler], oldObject: Pod, subResource: "ephemeralcontainers");
        var unknown = HostRequest.For(Pod, AdmissionOperation.Create, "shop", null, null);

        known.Should().BeEquivalentTo(new { Namespace = "shop", NamespaceLabels = labels, Autoscalers = new[] { Scaler }, Operation = AdmissionOperation.Update, SubResource = "ephemeralcontainers" });
        known.OldObject.Should().NotBeNull();
        unknown.NamespaceLabels.Should().BeNull();
        unknown.Autoscalers.Should().BeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_cluster_scoped_object_has_no_labels_to_be_unknown_and_no_autoscalers(string? namespaceName)
    {
        var request = HostRequest.For(Pod, AdmissionOperation.Create, namespaceName, null, null);

        request.Namespace.Should().BeEmpty();
        request.NamespaceLabels.Should().NotBeNull().And.BeEmpty();
        request.Autoscalers.Should().NotBeNull().And.BeEmpty();
        HostRequest.IsClusterScoped(namespaceName).Should().BeTrue();
    }
}
