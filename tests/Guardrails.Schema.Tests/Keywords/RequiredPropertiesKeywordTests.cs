using System.Text.Json;
using Guardrails.Schema.Keywords;
using static Guardrails.Schema.Tests.SchemaTestSupport;

namespace Guardrails.Schema.Tests.Keywords;

/// <summary>
/// The combined keyword must give exactly what <c>required</c> followed by <c>properties</c> gives: the same verdict and
/// the same failures in the same order, whether every failure is collected or only the first.
/// </summary>
public sealed class RequiredPropertiesKeywordTests
{
    private static readonly string[] Names = ["a", "b", "c", "d"];

    private static readonly CompiledSchema[] ChildSchemas =
    [
        Compile("""{"type": "string"}"""),
        Compile("""{"required": ["x"], "properties": {"x": {"type": "integer"}}}"""),
        CompiledSchema.AcceptAll,
    ];

    private static readonly string[] Instances =
    [
        "{}", """{"a": "s"}""", """{"a": 1}""", """{"a": {"x": 1}, "b": "t"}""", """{"a": {}, "b": 2, "c": "u"}""",
        """{"b": {"x": "no"}, "c": 3, "d": "v"}""", """{"a": "s", "b": "t", "c": "u", "d": "v"}""",
        """{"a": 1, "a": "later"}""", """{"\u0061": 1, "d": {"x": 2}}""", "[1]", "\"text\"", "null",
    ];

    [Fact]
    public void Gives_the_failures_of_required_then_properties_for_every_combination()
    {
        var random = new Random(20261202);
        var checkedCases = 0;
        for (var round = 0; round < 400; round++)
        {
            var required = Enumerable.Range(0, random.Next(1, 6)).Select(_ => Names[random.Next(Names.Length)]).ToArray();
            var properties = Names.Where(_ => random.Next(2) == 0)
                .Select(name => (name, ChildSchemas[random.Next(ChildSchemas.Length)]))
                .ToArray();
            if (!RequiredPropertiesKeyword.CanCombine(required, properties, valueKeywords: 0))
            {
                continue;
            }

            var combined = new CompiledSchema(null, [new RequiredPropertiesKeyword(required, properties)]);
            var separate = new CompiledSchema(null, [new RequiredKeyword(required), new PropertiesKeyword(properties)]);
            foreach (var instance in Instances)
            {
                foreach (var collectAll in new[] { true, false })
                {
                    var (expectedValid, expected) = Run(separate, instance, collectAll);
                    var (actualValid, actual) = Run(combined, instance, collectAll);
                    actualValid.Should().Be(expectedValid, "required [{0}] with properties [{1}] on {2}", string.Join(",", required), string.Join(",", properties.Select(p => p.name)), instance);
                    actual.Should().Equal(expected, "required [{0}] on {1}", string.Join(",", required), instance);
                    checkedCases++;
                }
            }
        }

        checkedCases.Should().BeGreaterThan(2000);
    }

    [Fact]
    public void The_compiler_combines_the_two_only_when_nothing_runs_between_them()
    {
        // With const between them the separate keywords stay; either way the first failure is the missing name.
        ShouldFailAt("""{"required": ["a"], "properties": {"b": {"type": "string"}}}""", """{"b": "s"}""", "/a");
        Failures("""{"required": ["a"], "const": {"b": 1}, "properties": {"b": {"type": "string"}}}""", """{"b": 2}""")
            .Select(f => f.Pointer).Should().Equal("/a", "", "/b");
        Failures("""{"required": ["a", "b"], "properties": {"b": {"type": "string"}}}""", """{"b": 2}""")
            .Select(f => f.Pointer).Should().Equal("/a", "/b");
    }

    [Fact]
    public void More_required_names_than_it_keeps_are_checked_by_the_separate_keywords()
    {
        var names = Enumerable.Range(0, RequiredPropertiesKeyword.MaxRequired + 1).Select(i => $"n{i}").ToArray();
        RequiredPropertiesKeyword.CanCombine(names, [("n0", CompiledSchema.AcceptAll)], 0).Should().BeFalse();
        var required = string.Join(",", names.Select(n => $"\"{n}\""));
        var schema = "{\"required\": [" + required + "], \"properties\": {\"n0\": {\"type\": \"string\"}}}";
        Failures(schema, """{"n0": 1}""").Should().HaveCount(RequiredPropertiesKeyword.MaxRequired + 1);
    }

    private static (bool Valid, List<(string Pointer, string Message)> Failures) Run(CompiledSchema schema, string instance, bool collectAll)
    {
        var context = new ValidationContext(collectAll);
        var valid = schema.Validate(JsonSerializer.Deserialize<JsonElement>(instance), context);
        return (valid, context.Failures.Select(f => (f.Pointer, f.Message)).ToList());
    }
}
