using System.Text.Json;

namespace Guardrails.Schema.Tests;

/// <summary>
/// Every text that kube-apiserver v1.32 was sent as a quantity (curated edge cases and random ones), with what it did:
/// stored it (and the canonical text it stored), accepted it but found it invalid as a size (negative), or refused to parse
/// it. The parser must accept exactly the same texts and give them the value the API server gave them.
/// </summary>
public sealed class QuantityApiServerTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        var path = Path.Combine(RepoPaths.Root, "tests", "Guardrails.Schema.Tests", "Fixtures", "apiserver-quantities.tsv");
        foreach (var line in File.ReadLines(path).Where(l => !l.StartsWith('#')))
        {
            var columns = line.Split('\t');
            data.Add(columns[0], columns[1], columns[2]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Accepts_what_the_API_server_accepts_with_the_value_it_stores(string json, string verdict, string stored)
    {
        var text = JsonSerializer.Deserialize<string>(json)!;
        var parsed = Quantity.TryParse(text, out var quantity);
        switch (verdict)
        {
            case "stored":
                parsed.Should().BeTrue("the API server stored '{0}' as {1}", text, stored);
                Quantity.TryParse(stored, out var canonical).Should().BeTrue();
                quantity.CompareTo(canonical).Should().Be(0, "the API server stored '{0}' as {1}", text, stored);
                break;
            case "invalid":
                // Parsed, then refused by validation as a negative size.
                parsed.Should().BeTrue("the API server parsed '{0}' (validation then refused it)", text);
                quantity.Sign.Should().BeNegative();
                break;
            default:
                parsed.Should().BeFalse("the API server refused '{0}': {1}", text, stored);
                break;
        }
    }

    [Fact]
    public void The_fixture_covers_every_verdict() =>
        Cases().Select(row => (string)row[1]).Distinct().Should().BeEquivalentTo("stored", "invalid", "refused");
}
