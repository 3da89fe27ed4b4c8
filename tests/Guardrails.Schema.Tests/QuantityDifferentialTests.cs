using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Guardrails.Schema.Tests;

/// <summary>
/// The parser that replaced KubernetesClient's <see cref="ResourceQuantity"/> gives every normal quantity the value the
/// old one gave it: random quantities in the old grammar, with exponents small enough for the old parser to be quick.
/// The intended differences, both the API server's: values finer than 1n round up to 1n, and a binary quantity below
/// -(2^63-1) is capped there as one above 2^63-1 is (the old parser capped only the positive side).
/// </summary>
public sealed partial class QuantityDifferentialTests
{
    private static readonly string[] Suffixes = ["", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    [Fact]
    public void Random_normal_quantities_have_the_old_value()
    {
        var random = new Random(15_1);
        var compared = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = RandomQuantity(random);
            if (OldValue(text) is not { } old)
            {
                continue;
            }

            Quantity.TryParse(text, out var quantity).Should().BeTrue("the old parser accepted '{0}'", text);
            quantity.TryGetDecimal(out var value).Should().BeTrue("'{0}' is {1}", text, old);
            value.Should().Be(Expected(text, old), "'{0}' was {1}", text, old);
            compared++;
        }

        compared.Should().BeGreaterThan(15_000, "most random quantities are normal ones");
    }

    [Fact]
    public void Random_pairs_order_as_the_old_values_do()
    {
        var random = new Random(15_2);
        for (var i = 0; i < 5_000; i++)
        {
            var (a, b) = (RandomQuantity(random), RandomQuantity(random));
            if (OldValue(a) is not { } oldA || OldValue(b) is not { } oldB)
            {
                continue;
            }

            Quantity.TryParse(a, out var left).Should().BeTrue();
            Quantity.TryParse(b, out var right).Should().BeTrue();
            left.CompareTo(right).Should().Be(Expected(a, oldA).CompareTo(Expected(b, oldB)), "'{0}' against '{1}'", a, b);
        }
    }

    private static string RandomQuantity(Random random)
    {
        var sign = random.Next(6) switch { 0 => "-", 1 => "+", _ => string.Empty };
        var whole = Digits(random, random.Next(0, 10));
        var fraction = random.Next(3) == 0 ? "." + Digits(random, random.Next(0, 10)) : string.Empty;
        if (whole.Length == 0 && fraction.Length < 2)
        {
            whole = "1";
        }

        var suffix = random.Next(5) == 0
            ? (random.Next(2) == 0 ? "e" : "E") + (random.Next(3) switch { 0 => "-", 1 => "+", _ => string.Empty }) + random.Next(0, 13).ToString(CultureInfo.InvariantCulture)
            : Suffixes[random.Next(Suffixes.Length)];
        return sign + whole + fraction + suffix;
    }

    private static string Digits(Random random, int count) =>
        string.Create(count, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('0' + r.Next(10));
            }
        });

    // The replaced implementation, as it was: the grammar check, then KubernetesClient's exact rational value.
    private static decimal? OldValue(string text)
    {
        if (text.Length > 64 || !OldGrammar().IsMatch(text))
        {
            return null;
        }

        try
        {
            return new ResourceQuantity(text).ToDecimal();
        }
#pragma warning disable CA1031 // The old implementation read any failure as "not a quantity".
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static decimal Expected(string text, decimal old) =>
        text.EndsWith('i') ? Math.Max(RoundUpToNano(old), -ResourceQuantity.MaxAllowed) : RoundUpToNano(old);

    private static decimal RoundUpToNano(decimal value)
    {
        // A decimal at or above 10^19 has room for at most 9 decimal places: it is a whole number of 1n already.
        if (Math.Abs(value) >= 10_000_000_000_000_000_000m)
        {
            return value;
        }

        var nanos = Math.Abs(value) * 1_000_000_000m;
        var rounded = decimal.Ceiling(nanos) / 1_000_000_000m;
        return value < 0 ? -rounded : rounded;
    }

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex OldGrammar();
}
