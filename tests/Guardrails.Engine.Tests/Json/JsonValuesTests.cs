using System.Text.Json;
using Guardrails.Engine.Json;

namespace Guardrails.Engine.Tests.Json;

public sealed class JsonValuesTests
{
    [Theory]
    [InlineData("app")]
    [InlineData("")]
    [InlineData("<script>&'\"\\ é 日本 \u0001")]
    public void A_string_is_the_element_the_serializer_writes(string text) =>
        JsonValues.String(text).GetRawText().Should().Be(JsonSerializer.SerializeToElement(text).GetRawText());

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-2147483648)]
    public void A_number_is_the_element_the_serializer_writes(int number) =>
        JsonValues.Number(number).GetRawText().Should().Be(JsonSerializer.SerializeToElement(number).GetRawText());

    [Fact]
    public void An_array_and_an_object_of_one_member_are_the_elements_the_serializer_writes()
    {
        using var document = JsonDocument.Parse("""{"a":[1,"x<y"],"b":{"c":null}}""");
        var value = document.RootElement;

        JsonValues.ArrayOf(value).GetRawText().Should().Be(JsonSerializer.SerializeToElement(new[] { value }).GetRawText());
        JsonValues.ObjectOf("k:<\"é\">", value).GetRawText()
            .Should().Be(JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement> { ["k:<\"é\">"] = value }).GetRawText());
    }
}
