using System.Text.Json;
using Guardrails.Webhook.Audit;

namespace Guardrails.Webhook.Tests.Audit;

public sealed class OwnerReferenceTests
{
    [Fact]
    public void The_controller_reference_is_the_owner_even_when_it_is_not_first()
    {
        OwnerReference.Of(AuditObjects.Pod("p", "ReplicaSet/web-abc"))
            .Should().Be(new OwnerReference("apps/v1", "ReplicaSet", "web-abc"));
    }

    [Fact]
    public void Without_a_controller_the_first_reference_is_the_owner()
    {
        var obj = JsonDocument.Parse("""{"metadata": {"ownerReferences": [{"kind": "", "name": "x"}, {"apiVersion": "v1", "kind": "Node", "name": "n1"}, {"kind": "Other", "name": "y"}]}}""").RootElement;
        OwnerReference.Of(obj).Should().Be(new OwnerReference("v1", "Node", "n1"));
    }

    [Theory]
    [InlineData("""{"metadata": {}}""")]
    [InlineData("""{"metadata": {"ownerReferences": null}}""")]
    [InlineData("""{"metadata": {"ownerReferences": [1, "x", {"name": "no-kind"}]}}""")]
    [InlineData("""[]""")]
    public void An_object_without_a_usable_reference_has_no_owner(string json)
    {
        OwnerReference.Of(JsonDocument.Parse(json).RootElement).Should().BeNull();
    }
}
