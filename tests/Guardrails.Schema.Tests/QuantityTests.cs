using Guardrails.Schema.Compilation;
using static Guardrails.Schema.Tests.SchemaTestSupport;

namespace Guardrails.Schema.Tests;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("500m", "0.5")]
    [InlineData("1", "1")]
    [InlineData("2.5", "2.5")]
    [InlineData("100m", "0.1")]
    [InlineData("1k", "1000")]
    [InlineData("1Ki", "1024")]
    [InlineData("64Mi", "67108864")]
    [InlineData("1Gi", "1073741824")]
    [InlineData("1G", "1000000000")]
    [InlineData("16Gi", "17179869184")]
    [InlineData("1Ti", "1099511627776")]
    [InlineData("2e3", "2000")]
    [InlineData("1E3", "1000")]
    [InlineData("0", "0")]
    public void Parses_kubernetes_quantities_to_their_exact_value(string text, string expected)
    {
        Quantity.TryParse(text, out var quantity).Should().BeTrue();
        quantity.TryGetDecimal(out var value).Should().BeTrue();
        value.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        quantity.Text.Should().Be(text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1GB")]
    [InlineData("1ki")]
    [InlineData("1.5.5")]
    [InlineData("1 Gi")]
    [InlineData("1\tGi")]
    [InlineData("1 m")]
    [InlineData("1,5")]
    [InlineData("1_000")]
    [InlineData("0x10")]
    [InlineData("e-10")]
    [InlineData("Pi")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1e3e")]
    [InlineData("1Mi3")]
    [InlineData("1e9223372036854775808")]
    [InlineData("1\u2028")]
    [InlineData("\t1")]
    public void Rejects_text_that_is_not_a_quantity(string text) =>
        Quantity.TryParse(System.Text.RegularExpressions.Regex.Unescape(text), out _).Should().BeFalse("the API server rejects '{0}'", text);

    [Fact]
    public void Decimal_comma_is_not_a_thousands_separator()
    {
        // Kubernetes rejects "1,5"; reading it as 15 cores would judge a value the API server never accepts.
        ShouldFailAt("""{"quantityMaximum": "16"}""", "\"1,5\"", string.Empty).Message.Should().Contain("not a valid Kubernetes quantity");
    }

    [Theory]
    [InlineData("-", "0")]
    [InlineData("+", "0")]
    [InlineData(".", "0")]
    [InlineData("Mi", "0")]
    [InlineData("e3", "0")]
    [InlineData("1.", "1")]
    [InlineData("1.G", "1000000000")]
    [InlineData(" 1Gi", "1073741824")]
    [InlineData("1Gi\u00a0", "1073741824")]
    [InlineData("0.1n", "0.000000001")]
    [InlineData("-0.1n", "-0.000000001")]
    [InlineData("1.0000000001", "1.000000001")]
    [InlineData("8Ei", "9223372036854775807")]
    [InlineData("-8Ei", "-9223372036854775807")]
    [InlineData("1e4294967296", "1")]
    [InlineData("1e4294967297", "10")]
    [InlineData("1e9223372036854775807", "0.1")]
    public void Reads_odd_texts_as_the_API_server_does(string text, string expected)
    {
        // Each verified against kube-apiserver v1.32 (see Fixtures/apiserver-quantities.tsv).
        Quantity.TryParse(System.Text.RegularExpressions.Regex.Unescape(text), out var quantity).Should().BeTrue();
        quantity.TryGetDecimal(out var value).Should().BeTrue();
        value.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Millicores_compare_below_one_core()
    {
        const string schema = """{"quantityMaximum": "1"}""";
        ShouldPass(schema, "\"500m\"");
        ShouldPass(schema, "\"1000m\"");
        ShouldFailAt(schema, "\"1001m\"", string.Empty);
        ShouldFailAt("""{"quantityMinimum": "1"}""", "\"500m\"", string.Empty).Message.Should().Contain("500m").And.Contain("minimum");
    }

    [Fact]
    public void One_gibibyte_is_more_than_1000_mebibytes()
    {
        ShouldFailAt("""{"quantityMaximum": "1000Mi"}""", "\"1Gi\"", string.Empty).Message.Should().Contain("1Gi").And.Contain("1000Mi");
        ShouldPass("""{"quantityMinimum": "1000Mi"}""", "\"1Gi\"");
        ShouldPass("""{"quantityMaximum": "1024Mi"}""", "\"1Gi\"");
    }

    [Theory]
    [InlineData("16Gi", true)]
    [InlineData("16384Mi", true)]
    [InlineData("17179869184", true)]
    [InlineData("16G", true)]
    [InlineData("512Mi", true)]
    [InlineData("17179869185", false)]
    [InlineData("17Gi", false)]
    [InlineData("16385Mi", false)]
    [InlineData("1Ti", false)]
    public void Memory_maximum_of_16Gi_is_inclusive(string memory, bool allowed)
    {
        var failures = Failures("""{"properties": {"memory": {"quantityMaximum": "16Gi"}}}""", $$"""{"memory": "{{memory}}"}""");
        if (allowed)
        {
            failures.Should().BeEmpty();
        }
        else
        {
            failures.Should().ContainSingle().Which.Pointer.Should().Be("/memory");
            failures[0].Message.Should().Contain("maximum of 16Gi");
        }
    }

    [Theory]
    [InlineData("64Mi", true)]
    [InlineData("67108864", true)]
    [InlineData("1Gi", true)]
    [InlineData("65536Ki", true)]
    [InlineData("63Mi", false)]
    [InlineData("67108863", false)]
    [InlineData("64M", false)]
    [InlineData("500m", false)]
    public void Memory_minimum_of_64Mi_is_inclusive(string memory, bool allowed)
    {
        var failures = Failures("""{"quantityMinimum": "64Mi"}""", $"\"{memory}\"");
        if (allowed)
        {
            failures.Should().BeEmpty();
        }
        else
        {
            failures.Should().ContainSingle().Which.Message.Should().Contain("minimum of 64Mi");
        }
    }

    [Fact]
    public void Minimum_and_maximum_together_bound_both_sides()
    {
        const string schema = """{"quantityMinimum": "100m", "quantityMaximum": "2"}""";
        ShouldPass(schema, "\"250m\"");
        ShouldPass(schema, "\"2\"");
        ShouldFailAt(schema, "\"50m\"", string.Empty);
        ShouldFailAt(schema, "\"2100m\"", string.Empty);
    }

    [Theory]
    [InlineData("0.5", true)]
    [InlineData("1", true)]
    [InlineData("2", false)]
    [InlineData("1.5", false)]
    [InlineData("1e3", false)]
    public void Numeric_json_values_are_compared_as_quantities(string number, bool allowed)
    {
        var failures = Failures("""{"quantityMaximum": "1000m"}""", number);
        failures.Should().HaveCount(allowed ? 0 : 1);
    }

    [Fact]
    public void Numeric_cpu_of_two_exceeds_1500_millicores() =>
        ShouldFailAt("""{"properties": {"cpu": {"quantityMaximum": "1500m"}}}""", """{"cpu": 2}""", "/cpu");

    [Fact]
    public void Bounds_may_be_given_as_json_numbers()
    {
        const string schema = """{"quantityMinimum": 0.25, "quantityMaximum": 2}""";
        ShouldPass(schema, "\"250m\"");
        ShouldPass(schema, "\"2000m\"");
        ShouldPass(schema, "1.5");
        ShouldFailAt(schema, "\"2001m\"", string.Empty);
        ShouldFailAt(schema, "\"249m\"", string.Empty);
    }

    [Theory]
    [InlineData("\"lots\"", "lots")]
    [InlineData("\"1GB\"", "1GB")]
    [InlineData("\"\"", "''")]
    [InlineData("\"1e-\"", "1e-")]
    public void Invalid_quantity_values_fail_with_a_clear_message(string instance, string shown)
    {
        var failure = ShouldFailAt("""{"properties": {"cpu": {"quantityMaximum": "4"}}}""", $$"""{"cpu": {{instance}}}""", "/cpu");
        failure.Message.Should().Contain(shown).And.Contain("not a valid Kubernetes quantity");
    }

    [Fact]
    public void Invalid_quantity_fails_under_a_minimum_only_bound_too() =>
        ShouldFailAt("""{"quantityMinimum": "1"}""", "\"abc\"", string.Empty).Message.Should().Contain("not a valid Kubernetes quantity");

    [Fact]
    public void Values_that_are_neither_strings_nor_numbers_are_left_to_type()
    {
        const string schema = """{"quantityMaximum": "1"}""";
        ShouldPass(schema, "true");
        ShouldPass(schema, "null");
        ShouldPass(schema, "{}");
        ShouldFailAt("""{"type": "string", "quantityMaximum": "1"}""", "true", string.Empty).Message.Should().Contain("string");
    }

    [Fact]
    public void Bad_bound_is_a_compile_problem_not_a_runtime_failure()
    {
        var (compiled, problems) = SchemaCompiler.Compile(Parse("""{"quantityMinimum": "1GB"}"""));
        compiled.Should().BeNull();
        problems.Should().ContainSingle().Which.Pointer.Should().Be("/quantityMinimum");
    }

    [Fact]
    public void Negative_quantities_compare_by_value() =>
        ShouldFailAt("""{"quantityMinimum": "0"}""", "\"-1\"", string.Empty);
}
