using System.Globalization;
using System.Text;

namespace Guardrails.Schema.Tests.Keywords;

/// <summary>
/// Quantities read straight from a document's UTF-8 (<see cref="Quantity.TryParseUtf8"/>, the keywords' path for numbers
/// and unescaped strings) against the same texts read as characters (<see cref="Quantity.TryParse(string, out Quantity)"/>,
/// the path before, which the keywords still take for an escaped string): the same acceptance and the same value, and
/// the same verdict and failures from <c>quantityMinimum</c>/<c>quantityMaximum</c> whether the value is written plainly,
/// fully escaped or as a number. Over random texts of the grammar's characters and some beyond it (non-ASCII, spaces,
/// texts longer than the cache takes).
/// </summary>
public sealed class QuantityUtf8DifferentialTests
{
    private static readonly string[] Pieces =
    [
        "0", "1", "2", "5", "9", "00", "12", "500", ".", "-", "+", "e", "E", "n", "u", "m", "k", "M", "G", "T", "P", "Ki", "Mi", "Gi",
        "Ti", "Pi", "Ei", " ", "\t", "µ", "é", "１", "\u00a0", "x", "i", "e3", "e-2", "E+1", "1234567890123456789012345",
    ];

    private static readonly string[] Known =
    [
        "100m", "500m", "1", "2", "250m", "50m", "64Mi", "128Mi", "256Mi", "768Mi", "1536Mi", "96Mi", "1Gi", "0", "0.5", "1e3",
        "1E3", "-1", "+1", " 1Mi ", "1Mi ", "", " ", "1,5", "lots", "1GB", "1µ", "１", "1.", ".5", ".", "e3", "Mi", "e-10", "Pi",
        "1e4294967296", "9223372036854775807Ki", "-9223372036854775807Ei", new string('9', 63) + "m", new string('9', 64) + "m",
        new string('1', 62) + "é", new string('1', 63) + "é", new string('1', 64) + "é", new string('2', 100),
    ];

    private static readonly string[] Schemas =
    [
        """{"quantityMinimum": "100m"}""", """{"quantityMaximum": "2Gi"}""", """{"quantityMinimum": "-1", "quantityMaximum": "1"}""",
        """{"quantityMinimum": "1e3"}""",
    ];

    [Fact]
    public void Utf8_texts_parse_as_their_characters_do()
    {
        foreach (var text in Texts())
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            // Twice: the second answer comes from the cache.
            for (var i = 0; i < 2; i++)
            {
                var byUtf8 = Quantity.TryParseUtf8(bytes, out var fromUtf8);
                var byChars = Quantity.TryParse(text, out var fromChars);
                byUtf8.Should().Be(byChars, "'{0}' is accepted or refused alike", text);
                if (byChars)
                {
                    fromUtf8.Sign.Should().Be(fromChars.Sign, "'{0}'", text);
                    fromUtf8.Digits.Should().Be(fromChars.Digits, "'{0}'", text);
                    fromUtf8.Exponent.Should().Be(fromChars.Exponent, "'{0}'", text);
                }
            }
        }
    }

    [Fact]
    public void Keywords_judge_plain_escaped_and_number_values_alike()
    {
        foreach (var schema in Schemas.Select(SchemaTestSupport.Compile))
        {
            foreach (var text in Texts())
            {
                var plain = Messages(schema, System.Text.Json.JsonSerializer.Serialize(text));
                var escaped = Messages(schema, Escaped(text));
                plain.Should().Equal(escaped, "'{0}' written plainly and escaped", text);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && IsJsonNumber(text))
                {
                    Messages(schema, text).Should().Equal(escaped, "'{0}' as a number and as a string", text);
                }
            }
        }
    }

    private static IEnumerable<string> Texts()
    {
        var random = new Random(20_4);
        foreach (var text in Known)
        {
            yield return text;
        }

        for (var i = 0; i < 3_000; i++)
        {
            var builder = new StringBuilder();
            for (var n = random.Next(1, 6); n > 0; n--)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]);
            }

            yield return builder.ToString();
        }
    }

    private static string[] Messages(CompiledSchema schema, string instance) =>
        [.. SchemaTestSupport.Failures(schema, instance).Select(failure => $"{failure.Pointer}: {failure.Message}")];

    // Every character escaped: the value reaches the keyword as an escaped string, read as characters.
    private static string Escaped(string text) =>
        "\"" + string.Concat(text.Select(c => $"\\u{(int)c:x4}")) + "\"";

    private static bool IsJsonNumber(string text) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, @"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$");
}
