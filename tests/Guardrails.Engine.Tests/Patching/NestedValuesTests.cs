using System.Text.Json;
using Guardrails.Engine.Patching;

namespace Guardrails.Engine.Tests.Patching;

/// <summary>
/// A nested value kept by <see cref="NestedValues"/> against the same value built anew, at every level, for values that
/// differ only in their escapes, their spacing or their kind, and for values too long to be kept.
/// </summary>
public sealed class NestedValuesTests
{
    private static readonly string[] Values =
    [
        "\"100m\"", "\"100M\"", "100", "100.0", "1e2", "true", "false", "null", "\"\"", "\"é\"", "\"C)\"", "\"\\u00e9\"", "\"a\\\"b\"",
        "\"\\ud83d\\ude00\"", "\"😀\"", "\"</script>\"", "[\"ALL\"]", "[ \"ALL\" ]", "{\"type\":\"RuntimeDefault\"}",
        "{ \"type\" : \"RuntimeDefault\" }", "{\"a\":1,\"a\":2}", "[]", "{}", "\"" + new string('x', 300) + "\"",
        "\"" + new string('y', 254) + "\"", "\"" + new string('y', 255) + "\"",
    ];

    [Fact]
    public void A_kept_nested_value_is_the_value_built_anew()
    {
        string[] tokens = ["securityContext", "capabilities", "drop", "-"];
        var nested = new NestedValues(tokens);
        var mismatches = new List<string>();
        for (var round = 0; round < 2; round++)
        {
            foreach (var text in Values)
            {
                var value = JsonDocument.Parse(text).RootElement;
                for (var level = -1; level < tokens.Length; level++)
                {
                    var expected = NestedValues.Built(tokens, level, value).GetRawText();
                    var actual = nested.At(level, value).GetRawText();
                    if (actual != expected)
                    {
                        mismatches.Add($"{text} at {level} (round {round}): {actual}, built {expected}");
                    }
                }
            }
        }

        mismatches.Should().BeEmpty();
    }

    [Fact]
    public void A_value_below_the_last_token_is_the_value_itself()
    {
        var value = JsonDocument.Parse("\"100m\"").RootElement;
        new NestedValues(["resources", "limits", "cpu"]).At(2, value).GetRawText().Should().Be("\"100m\"");
    }
}
