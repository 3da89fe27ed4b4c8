using static Guardrails.Schema.Tests.SchemaTestSupport;

namespace Guardrails.Schema.Tests;

/// <summary>
/// Quantities whose exponent or length would make a parser that expands numbers run for minutes and take gigabytes
/// (issue 15.1). Each test has a time-out only as a guard against a hang; what it checks is the result.
/// </summary>
public sealed class QuantityExtremeTests
{
    private const int HangGuard = 30_000;

    private static Quantity Parse(string text)
    {
        Quantity.TryParse(text, out var quantity).Should().BeTrue("'{0}' is a quantity the API server accepts", Quantity.Display(text));
        return quantity;
    }

    [Theory(Timeout = HangGuard)]
    [InlineData("1e99999999")]
    [InlineData("1e999999999")]
    [InlineData("1e2147483647")]
    [InlineData("9.5e2000000000")]
    [InlineData("1E+2147483647")]
    public async Task Huge_exponents_compare_above_every_bound(string text)
    {
        await Task.Yield();
        var quantity = Parse(text);
        quantity.Should().BeGreaterThan(Parse("4")).And.BeGreaterThan(Parse("8Ei")).And.BeGreaterThan(Parse("1e99999998"));
        ShouldFailAt("""{"quantityMaximum": "4"}""", $"\"{text}\"", string.Empty).Message.Should().Contain("above the maximum of 4");
        ShouldPass("""{"quantityMinimum": "16Mi"}""", $"\"{text}\"");
    }

    [Theory(Timeout = HangGuard)]
    [InlineData("1e-99999999")]
    [InlineData("1e-2147483647")]
    [InlineData("123e-2000000000")]
    [InlineData("0.000000000000000000000000000000000000001")]
    public async Task Tiny_positive_values_round_up_to_one_nano(string text)
    {
        await Task.Yield();
        var quantity = Parse(text);
        quantity.Should().Be(Parse("1n"));
        ShouldFailAt("""{"quantityMinimum": "16Mi"}""", $"\"{text}\"", string.Empty).Message.Should().Contain("below the minimum of 16Mi");
        Parse("-" + text).Should().Be(Parse("-1n"));
    }

    [Theory(Timeout = HangGuard)]
    [InlineData("")]
    [InlineData("Ki")]
    [InlineData("Mi")]
    [InlineData("Gi")]
    [InlineData("Ti")]
    [InlineData("Pi")]
    [InlineData("Ei")]
    [InlineData("n")]
    [InlineData("u")]
    [InlineData("m")]
    [InlineData("k")]
    [InlineData("M")]
    [InlineData("G")]
    [InlineData("T")]
    [InlineData("P")]
    [InlineData("E")]
    [InlineData("e7")]
    [InlineData("E-7")]
    public async Task A_hundred_thousand_digits_with_every_suffix_parse_and_compare(string suffix)
    {
        await Task.Yield();
        var digits = new string('7', 100_000);
        var big = Parse(digits + suffix);
        var fraction = Parse("0." + digits + suffix);
        var negative = Parse("-" + digits + suffix);
        big.Should().BeGreaterThan(fraction).And.BeGreaterThan(Parse("0"));
        negative.Should().BeLessThan(Parse("0"));
        (negative.CompareTo(big) < 0).Should().BeTrue();
        if (suffix.EndsWith('i'))
        {
            big.Should().Be(Parse("9223372036854775807"), "a binary quantity is capped at 2^63-1");
        }
        else
        {
            big.Should().BeGreaterThan(Parse("9223372036854775807"), "a decimal quantity is not capped");
            big.Should().BeLessThan(Parse("8" + new string('0', 99_999) + suffix));
        }
    }

    [Fact(Timeout = HangGuard)]
    public async Task Long_texts_compare_digit_by_digit()
    {
        await Task.Yield();
        var ones = new string('1', 100_000);
        Parse(ones).Should().BeLessThan(Parse(ones[..^1] + "2"));
        Parse(ones).Should().Be(Parse(ones + ".000"));
        Parse(ones + ".0001").Should().BeGreaterThan(Parse(ones));
        Parse("0." + ones).Should().Be(Parse("0.111111112"), "digits below 1n round the value up");
        Parse("1" + new string('0', 100_000)).Should().Be(Parse("1e100000"));
        Parse(new string('0', 100_000) + "5m").Should().Be(Parse("0.005"));
        Parse("1e" + new string('0', 100_000) + "3").Should().Be(Parse("1000"));
    }

    [Theory]
    [InlineData("1e99999999999999999999")]
    [InlineData("--1")]
    [InlineData("1e+-3")]
    [InlineData("1.5.5Gi")]
    [InlineData("1Gii")]
    [InlineData("1eE3")]
    public void Malformed_extremes_are_refused(string text) =>
        Quantity.TryParse(text, out _).Should().BeFalse();

    [Fact(Timeout = HangGuard)]
    public async Task Failure_messages_stay_short_whatever_the_text()
    {
        await Task.Yield();
        var text = new string('9', 100_000);
        var failure = ShouldFailAt("""{"quantityMaximum": "4"}""", $"\"{text}\"", string.Empty);
        failure.Message.Length.Should().BeLessThan(200);
        failure.Message.Should().Contain("100000 characters").And.Contain("above the maximum of 4");
        ShouldFailAt("""{"quantityMaximum": "4"}""", $"\"{text}x\"", string.Empty).Message.Length.Should().BeLessThan(200);
    }
}
