using static Guardrails.Schema.Tests.SchemaTestSupport;

namespace Guardrails.Schema.Tests;

/// <summary>
/// A pattern that backtracks catastrophically must end in <see cref="SchemaEvaluationException"/>:
/// never in a verdict, and above all never in a pass under <c>not</c>.
/// </summary>
public sealed class RegexTimeoutTests
{
    private const string Catastrophic = "^(a+)+$";

    // 39 'a's and a 'b': about 2^39 ways to split the run before the match can fail.
    private static readonly string Evil = new string('a', 39) + "b";

    private static string EvilJson => "\"" + Evil + "\"";

    /// <summary>Schemas where the pattern (written @P) runs on the evil value (written @E).</summary>
    public static TheoryData<string, string> SchemasRunningThePattern
    {
        get
        {
            var rows = new (string Schema, string Instance)[]
            {
                ("""{"pattern": "@P"}""", "\"@E\""),
                ("""{"not": {"pattern": "@P"}}""", "\"@E\""),
                ("""{"not": {"not": {"pattern": "@P"}}}""", "\"@E\""),
                ("""{"anyOf": [{"pattern": "@P"}, {"type": "integer"}]}""", "\"@E\""),
                ("""{"oneOf": [{"pattern": "@P"}, {"type": "string"}]}""", "\"@E\""),
                ("""{"allOf": [{"pattern": "@P"}]}""", "\"@E\""),
                ("""{"if": {"pattern": "@P"}, "then": true, "else": false}""", "\"@E\""),
                ("""{"if": {"pattern": "@P"}, "then": false, "else": true}""", "\"@E\""),
                ("""{"properties": {"name": {"pattern": "@P"}}}""", """{"name": "@E"}"""),
                ("""{"items": {"not": {"pattern": "@P"}}}""", """["ok", "@E"]"""),
                ("""{"contains": {"pattern": "@P"}}""", """["@E"]"""),
                ("""{"contains": {"not": {"pattern": "@P"}}}""", """["@E"]"""),
                ("""{"propertyNames": {"pattern": "@P"}}""", """{"@E": 1}"""),
                ("""{"propertyNames": {"not": {"pattern": "@P"}}}""", """{"@E": 1}"""),
                ("""{"patternProperties": {"@P": false}}""", """{"@E": 1}"""),
                ("""{"$ref": "#/$defs/p", "$defs": {"p": {"not": {"pattern": "@P"}}}}""", "\"@E\""),
            };
            var data = new TheoryData<string, string>();
            foreach (var (schema, instance) in rows)
            {
                data.Add(schema.Replace("@P", Catastrophic, StringComparison.Ordinal), instance.Replace("@E", Evil, StringComparison.Ordinal));
            }

            return data;
        }
    }

    [Fact]
    public void Catastrophic_pattern_throws_instead_of_failing()
    {
        var schema = Compile("""{"pattern": "^(a+)+$"}""");
        var context = new ValidationContext(collectAll: true);

        var act = () => schema.Validate(Parse(EvilJson), context);

        act.Should().Throw<SchemaEvaluationException>().WithMessage("*200 ms*");
        context.Failures.Should().BeEmpty("a time-out is not a verdict");
    }

    [Fact]
    public void Catastrophic_pattern_under_not_throws_instead_of_passing()
    {
        var schema = Compile("""{"not": {"pattern": "^(a+)+$"}}""");
        bool? verdict = null;

        var act = () => verdict = schema.Validate(Parse(EvilJson), new ValidationContext());

        act.Should().Throw<SchemaEvaluationException>();
        verdict.Should().BeNull("Validate must not return at all, least of all true");
    }

    [Theory]
    [MemberData(nameof(SchemasRunningThePattern))]
    public void Catastrophic_pattern_throws_wherever_it_is_evaluated(string schema, string instance)
    {
        var compiled = Compile(schema);
        foreach (var collectAll in new[] { false, true })
        {
            var act = () => compiled.Validate(Parse(instance), new ValidationContext(collectAll));
            act.Should().Throw<SchemaEvaluationException>("collectAll: {0}", collectAll);
        }
    }

    [Fact]
    public void Same_pattern_on_a_short_value_still_gives_a_verdict()
    {
        const string schema = """{"pattern": "^(a+)+$"}""";
        ShouldPass(schema, "\"aaaa\"");
        ShouldFailAt(schema, "\"aaab\"", string.Empty);
    }

    [Fact]
    public void Time_out_message_names_the_pattern_and_the_value_length()
    {
        var schema = Compile("""{"pattern": "^(a+)+$"}""");
        var act = () => schema.Validate(Parse(EvilJson), new ValidationContext());
        act.Should().Throw<SchemaEvaluationException>().Which.Message.Should().Contain(Catastrophic).And.Contain("40 characters");
    }
}
