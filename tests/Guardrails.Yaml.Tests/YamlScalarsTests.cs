using System.Text.Json;

namespace Guardrails.Yaml.Tests;

/// <summary>A lone plain scalar (a policy's <c>?? fallback</c>) reads exactly as the same text as a manifest value.</summary>
public sealed class YamlScalarsTests
{
    [Theory]
    [InlineData("2", "2")]
    [InlineData("-0x10", "-16")]
    [InlineData("1.5e3", "1500")]
    [InlineData("yes", "true")]
    [InlineData("Off", "false")]
    [InlineData("~", "null")]
    [InlineData("", "null")]
    [InlineData("500m", "\"500m\"")]
    [InlineData("99999999999999999999", "99999999999999999999")]
    [InlineData(".inf", "\".inf\"")]
    public void A_plain_scalar_reads_as_kubectl_reads_it(string plain, string json)
    {
        YamlScalars.ResolvePlain(plain).GetRawText().Should().Be(json);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("on")]
    [InlineData("0o17")]
    [InlineData("1_000")]
    [InlineData("text")]
    public void A_lone_scalar_reads_as_the_same_value_in_a_manifest(string plain)
    {
        var document = YamlDocumentReader.Read($"value: {plain}").Single();

        JsonElement.DeepEquals(YamlScalars.ResolvePlain(plain), document.Root!.Value.GetProperty("value")).Should().BeTrue();
    }
}
