using System.Text.Json;
using Guardrails.Schema.Compilation;
using Guardrails.Schema.Tests.Conformance;

namespace Guardrails.Schema.Tests.Compilation;

/// <summary>
/// <see cref="SchemaCompiler.AllOf"/> against the schemas it joins: a value matches the conjunction exactly when every
/// schema accepts it. Differential over the JSON Schema Test Suite (every pair of schemas of a file, with the values of
/// both, and each schema with itself) and over schemas written to share members, items and <c>allOf</c>.
/// </summary>
public sealed class SchemaConjunctionTests
{
    [Fact]
    public void The_conjunction_of_two_suite_schemas_matches_the_values_both_accept()
    {
        var compared = 0;
        var wrong = new List<string>();
        foreach (var file in SchemaSuiteCase.All.GroupBy(c => c.File))
        {
            var cases = file.Select(c => (Case: c, Schema: CompileOrNull(c.Schema))).Where(c => c.Schema is not null).ToList();
            foreach (var (first, firstSchema) in cases)
            {
                foreach (var (second, secondSchema) in cases.Where(c => c.Case.Index >= first.Index))
                {
                    var conjunction = SchemaCompiler.AllOf([firstSchema!, secondSchema!]);
                    foreach (var test in first.Tests.Concat(second.Tests))
                    {
                        if (Verdicts(firstSchema!, secondSchema!, conjunction, test.Data) is { } difference)
                        {
                            wrong.Add($"{file.Key} #{first.Index} and #{second.Index}, {test.Description}: {difference}");
                        }

                        compared++;
                    }
                }
            }
        }

        wrong.Should().BeEmpty();
        compared.Should().BeGreaterThan(8_000);
    }

    [Theory]
    [InlineData("""{"required": ["a"], "properties": {"a": {"type": "string"}}}""", """{"properties": {"a": {"minLength": 2}, "b": false}}""")]
    [InlineData("""{"properties": {"a": {"items": {"required": ["x"]}}}}""", """{"properties": {"a": {"items": {"properties": {"x": {"const": 1}}}, "maxItems": 2}}}""")]
    [InlineData("""{"allOf": [{"required": ["a"]}, {"properties": {"a": {"type": "integer"}}}]}""", """{"properties": {"a": {"minimum": 3}}, "additionalProperties": false}""")]
    [InlineData("""{"properties": {"a": true}, "additionalProperties": false}""", """{"properties": {"b": true}, "additionalProperties": false}""")]
    [InlineData("""{"items": {"type": "integer"}}""", """{"prefixItems": [{"const": 1}], "items": {"minimum": 0}}""")]
    [InlineData("""{"properties": {"a": {"$ref": "#/definitions/d"}}, "definitions": {"d": {"properties": {"x": {"not": {"const": 0}}}}}}""", """{"properties": {"a": {"properties": {"x": {"type": "integer"}}, "required": ["x"]}}}""")]
    [InlineData("""{"if": {"required": ["a"]}, "then": {"required": ["b"]}}""", """{"properties": {"a": false}}""")]
    [InlineData("""false""", """{"type": "object"}""")]
    [InlineData("""true""", """{"required": ["a", "b", "c", "d", "e", "f", "g", "h", "i"]}""")]
    [InlineData("""{"patternProperties": {"^x": {"type": "string"}}, "properties": {"xa": {"const": "y"}}}""", """{"properties": {"xa": {"maxLength": 0}}, "propertyNames": {"maxLength": 2}}""")]
    [InlineData("""{"if": {"required": ["a", "b"], "properties": {"a": {"type": "string"}}}, "then": {"properties": {"b": {"const": 1}}}}""", """{"properties": {"b": {"not": {"const": 2}}, "c": {"type": "integer"}}}""")]
    [InlineData("""{"properties": {"a": {"if": {"required": ["x"]}, "else": false}}}""", """{"properties": {"a": {"properties": {"x": {"const": 1}}}}}""")]
    [InlineData("""{"if": {"properties": {"a": {"const": 1}}}, "then": {"required": ["b"]}, "else": {"required": ["c"]}}""", """{"if": {"required": ["b"]}, "then": false}""")]
    [InlineData("""{"if": false, "then": {"required": ["b"]}, "else": {"properties": {"a": {"const": "s"}}}}""", """{"if": true, "then": {"properties": {"b": {"type": "integer"}}}}""")]
    [InlineData("""{"if": {"required": ["a"]}, "then": {"minProperties": 2}}""", """{"if": {"required": ["b"]}, "then": {"required": ["a"]}, "else": {"properties": {"a": {"const": 3}}}}""")]
    [InlineData("""{"items": {"allOf": [{"if": {"required": ["a", "b"], "properties": {"a": {"$ref": "#/definitions/s"}}}, "then": {"properties": {"b": {"$ref": "#/definitions/s"}}}}, {"properties": {"b": {"not": {"const": "sss"}}}}]}, "definitions": {"s": {"type": "string", "minLength": 2}}}""", """{"items": {"properties": {"c": false, "b": {"maxLength": 4}}}}""")]
    [InlineData("""{"if": {"required": ["a", "b", "c", "d", "e"]}, "then": {"required": ["f", "g", "h", "i"]}}""", """{"properties": {"a": {"const": 1}}}""")]
    public void The_conjunction_of_schemas_that_share_members_matches_the_values_both_accept(string first, string second)
    {
        var values = new[]
        {
            "null", "1", "\"s\"", "[]", "[1]", "[1, 2, 3]", "[-1]", "[{\"x\": 1}]", "[{\"x\": 2}]", "[{}]", "{}", """{"a": "s"}""", """{"a": "ss"}""",
            """{"a": 3}""", """{"a": 2}""", """{"a": 1, "b": 1}""", """{"b": 1}""", """{"c": 1}""", """{"a": [{"x": 1}]}""", """{"a": [{"x": 1}, {"x": 1}, {"x": 1}]}""",
            """{"a": [{"y": 1}]}""", """{"a": {"x": 0}}""", """{"a": {"x": 1}}""", """{"a": {}}""", """{"xa": "y"}""", """{"xa": ""}""", """{"xb": 1}""",
            """{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8, "i": 9}""", """{"a": 1, "a": "ss"}""",
            """{"a": 1, "b": 2}""", """{"a": 1, "c": 1}""", """{"a": "s", "b": 1}""", """{"a": "s", "b": 2}""", """{"a": "s"}""", """{"a": 1, "b": 1, "c": "x"}""",
            """{"a": {"x": 2}}""", """{"a": {"y": 1}}""", """{"a": 3, "b": 1}""", """{"b": 1, "c": 1}""", """{"a": 1, "b": "s", "c": 1, "d": 1, "e": 1}""",
            """{"a": 1, "b": "s", "c": 1, "d": 1, "e": 1, "f": 1, "g": 1, "h": 1, "i": 1}""", """[{"a": "ss", "b": "s"}]""", """[{"a": "ss", "b": "ss"}]""",
            """[{"a": "ss", "b": "sss"}]""", """[{"a": "s", "b": "s"}]""", """[{"a": "ss"}]""", """[{"b": "sss"}]""", """[{"a": "ss", "b": "ssss5"}]""",
            """[{"a": "ss", "b": 1}, {"c": 1}]""", """[{"a": 1, "b": "sss"}]""", """[{"a": "ss", "b": "ss", "c": 1}]""",
            """[{"a": "ss", "b": "sss", "b": "s"}]""", """[{"a": "ss", "b": "s", "b": "sss"}]""", """[{"\u0061": "ss", "b": "s"}]""", """[{"a": "ss", "\u0062": "sss"}]""",
            """{"\u0061": 1, "b": 2}""", """[{"a": "ss", "c": 1, "b": "ss"}]""",
        };
        var firstSchema = SchemaTestSupport.Compile(first);
        var secondSchema = SchemaTestSupport.Compile(second);
        var conjunction = SchemaCompiler.AllOf([firstSchema, secondSchema]);
        foreach (var value in values)
        {
            Verdicts(firstSchema, secondSchema, conjunction, SchemaTestSupport.Parse(value)).Should().BeNull(value);
        }
    }

    [Fact]
    public void An_if_whose_schemas_only_require_and_describe_members_is_checked_with_the_members_looked_up_once()
    {
        var conjunction = SchemaCompiler.AllOf([
            SchemaTestSupport.Compile("""{"if": {"required": ["a", "b"], "properties": {"a": {"type": "string"}}}, "then": {"properties": {"b": {"const": 1}}}}"""),
            SchemaTestSupport.Compile("""{"properties": {"b": {"not": {"const": 2}}}}"""),
        ]);

        conjunction.Keywords.Should().ContainSingle().Which.Should().BeOfType<Guardrails.Schema.Keywords.MemberChecksKeyword>();
    }

    [Fact]
    public void A_conjunction_of_one_schema_is_that_schema_and_one_with_false_rejects_every_value()
    {
        var schema = SchemaTestSupport.Compile("""{"required": ["a"]}""");
        SchemaCompiler.AllOf([schema]).Should().BeSameAs(schema);
        SchemaCompiler.AllOf([CompiledSchema.AcceptAll, schema]).Should().BeSameAs(schema);
        SchemaCompiler.AllOf([schema, SchemaTestSupport.Compile("false")]).Matches(SchemaTestSupport.Parse("""{"a": 1}"""), new ValidationContext()).Should().BeFalse();
        SchemaCompiler.AllOf([]).Matches(SchemaTestSupport.Parse("null"), new ValidationContext()).Should().BeTrue();
    }

    private static CompiledSchema? CompileOrNull(JsonElement schema) => SchemaCompiler.Compile(schema, null).Schema;

    // Null when the conjunction agrees with the two schemas on the value; otherwise what each said.
    private static string? Verdicts(CompiledSchema first, CompiledSchema second, CompiledSchema conjunction, JsonElement value)
    {
        var both = Accepts(first, value) && Accepts(second, value);
        var joined = conjunction.Matches(value, new ValidationContext());
        return both == joined ? null : $"the schemas {(both ? "accept" : "reject")} it, the conjunction {(joined ? "matches" : "does not")}";
    }

    private static bool Accepts(CompiledSchema schema, JsonElement value) => schema.Validate(value, new ValidationContext());
}
