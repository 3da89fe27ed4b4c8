using System.Text.Json;
using Guardrails.Engine.Json;

namespace Guardrails.Engine.Tests.Json;

public sealed class JsonNodesTests
{
    [Fact]
    public void A_repeated_member_keeps_its_last_value_as_the_API_server_decodes_it()
    {
        using var document = JsonDocument.Parse("""{"resources":{"limits":{"cpu":"1"}},"image":"a","resources":{"requests":{"cpu":"2"}}}""");

        var node = JsonNodes.From(document.RootElement);

        node!.ToJsonString().Should().Be("""{"resources":{"requests":{"cpu":"2"}},"image":"a"}""");
        node["resources"]!["requests"]!["cpu"]!.GetValue<string>().Should().Be("2");
    }

    [Fact]
    public void Values_keep_their_kind()
    {
        using var document = JsonDocument.Parse("""{"a":true,"b":1.5,"c":"x","d":null,"e":[1,{"f":false}]}""");

        var node = JsonNodes.From(document.RootElement)!.AsObject();

        node["a"]!.GetValueKind().Should().Be(JsonValueKind.True);
        node["b"]!.GetValueKind().Should().Be(JsonValueKind.Number);
        node["c"]!.GetValue<string>().Should().Be("x");
        node.ContainsKey("d").Should().BeTrue();
        node["d"].Should().BeNull();
        node["e"]![1]!["f"]!.GetValue<bool>().Should().BeFalse();
    }
}
