using Guardrails.Engine.Hosts;

namespace Guardrails.Engine.Tests.Hosts;

/// <summary>The namespace labels every host judges with: given ones plus the name label; for an undescribed one, the name label or unknown.</summary>
public sealed class NamespaceLabelDefaultsTests
{
    [Fact]
    public void A_described_namespace_keeps_its_labels_and_carries_its_name_label()
    {
        var labels = NamespaceLabelDefaults.Described("shop", new Dictionary<string, string> { ["env"] = "prod", [NamespaceLabelDefaults.NameLabel] = "other" });

        labels.Should().Equal(new Dictionary<string, string> { ["env"] = "prod", ["kubernetes.io/metadata.name"] = "shop" });
    }

    [Fact]
    public void An_undescribed_namespace_carries_only_its_name_label()
    {
        NamespaceLabelDefaults.Undescribed("shop", strict: false).Should().Equal(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "shop" });
    }

    [Fact]
    public void Strictly_an_undescribed_namespace_has_unknown_labels()
    {
        NamespaceLabelDefaults.Undescribed("shop", strict: true).Should().BeNull("unknown labels make namespace selectors match (fail closed)");
    }
}
