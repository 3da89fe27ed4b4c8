using Guardrails.Schema.Compilation;
using static Guardrails.Schema.Tests.SchemaTestSupport;

namespace Guardrails.Schema.Tests.Compilation;

public sealed class SchemaRejectionTests
{
    /// <summary>A schema with one fault, the pointer of the faulty keyword, and the keyword the message must name.</summary>
    public static TheoryData<string, string, string> Rejected => new()
    {
        { """{"foo": 1}""", "/foo", "foo" },
        { """{"properties": {"a": {"typo": 1}}}""", "/properties/a/typo", "typo" },
        { """{"items": {"nullable": true}}""", "/items/nullable", "nullable" },
        { """{"unevaluatedProperties": false}""", "/unevaluatedProperties", "unevaluatedProperties" },
        { """{"unevaluatedItems": false}""", "/unevaluatedItems", "unevaluatedItems" },
        { """{"dependentSchemas": {"a": {"required": ["b"]}}}""", "/dependentSchemas", "dependentSchemas" },
        { """{"dependencies": {"a": ["b"]}}""", "/dependencies", "dependencies" },
        { """{"additionalItems": false}""", "/additionalItems", "additionalItems" },
        { """{"$anchor": "x"}""", "/$anchor", "$anchor" },
        { """{"$dynamicRef": "#x"}""", "/$dynamicRef", "$dynamicRef" },
        { """{"contentEncoding": "base64"}""", "/contentEncoding", "contentEncoding" },
        { """{"items": [{"type": "string"}, {"type": "integer"}]}""", "/items", "items" },
        { """{"then": {"required": ["a"]}}""", "/then", "then" },
        { """{"else": {"required": ["a"]}}""", "/else", "else" },
        { """{"properties": {"a": {"then": {}}}}""", "/properties/a/then", "then" },
        { """{"pattern": "[a-z"}""", "/pattern", "pattern" },
        { """{"properties": {"name": {"pattern": "(unclosed"}}}""", "/properties/name/pattern", "pattern" },
        { """{"patternProperties": {"[": {}}}""", "/patternProperties", "patternProperties" },
        { """{"$ref": "#/definitions/missing"}""", "/$ref", "$ref" },
        { """{"$ref": "https://example.test/schema.json"}""", "/$ref", "$ref" },
        { """{"$ref": "#/definitions/a~2b", "definitions": {"a": {}}}""", "/$ref", "$ref" },
        { """{"quantityMinimum": "lots"}""", "/quantityMinimum", "quantityMinimum" },
        { """{"quantityMaximum": "1GB"}""", "/quantityMaximum", "quantityMaximum" },
        { """{"quantityMaximum": true}""", "/quantityMaximum", "quantityMaximum" },
        { """{"format": "email"}""", "/format", "format" },
        { """{"format": "uri"}""", "/format", "format" },
        { """{"format": 5}""", "/format", "format" },
        { """{"type": "text"}""", "/type", "type" },
        { """{"type": 5}""", "/type", "type" },
        { """{"type": []}""", "/type", "type" },
        { """{"required": "name"}""", "/required", "required" },
        { """{"required": [1]}""", "/required", "required" },
        { """{"enum": []}""", "/enum", "enum" },
        { """{"enum": "a"}""", "/enum", "enum" },
        { """{"properties": ["a"]}""", "/properties", "properties" },
        { """{"uniqueItems": 1}""", "/uniqueItems", "uniqueItems" },
        { """{"allOf": []}""", "/allOf", "allOf" },
        { """{"anyOf": {}}""", "/anyOf", "anyOf" },
        { """{"prefixItems": {}}""", "/prefixItems", "prefixItems" },
        { """{"dependentRequired": {"a": [1]}}""", "/dependentRequired/a", "dependentRequired" },
        { """{"dependentRequired": ["a"]}""", "/dependentRequired", "dependentRequired" },
        { """{"definitions": 3}""", "/definitions", "definitions" },
        { """{"minLength": -1}""", "/minLength", "minLength" },
        { """{"minLength": 1.5}""", "/minLength", "minLength" },
        { """{"maxItems": "3"}""", "/maxItems", "maxItems" },
        { """{"minContains": null}""", "/minContains", "minContains" },
        { """{"minimum": "5"}""", "/minimum", "minimum" },
        { """{"maximum": null}""", "/maximum", "maximum" },
        { """{"exclusiveMinimum": "0"}""", "/exclusiveMinimum", "exclusiveMinimum" },
        { """{"multipleOf": "2"}""", "/multipleOf", "multipleOf" },
        { """{"multipleOf": 0}""", "/multipleOf", "multipleOf" },
        { """{"multipleOf": -2}""", "/multipleOf", "multipleOf" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Faulty_schema_is_rejected_with_a_problem_at_the_keyword(string schema, string pointer, string keyword)
    {
        _ = keyword;
        var problems = Problems(schema);
        problems.Select(p => p.Pointer).Should().Contain(pointer);
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Rejection_message_names_the_keyword(string schema, string pointer, string keyword)
    {
        var problems = Problems(schema);
        problems.Should().Contain(p => p.Pointer == pointer)
            .Which.Message.Should().Contain(keyword);
    }

    [Fact]
    public void Unknown_keyword_message_suggests_the_x_prefix() =>
        Problems("""{"foo": 1}""").Should().ContainSingle().Which.Message.Should().Contain("x-");

    [Fact]
    public void Unsupported_keyword_message_suggests_an_alternative()
    {
        Problems("""{"unevaluatedProperties": false}""").Single().Message.Should().Contain("additionalProperties");
        Problems("""{"dependentSchemas": {}}""").Single().Message.Should().Contain("if/then");
        Problems("""{"items": [{}]}""").Single().Message.Should().Contain("prefixItems");
    }

    [Fact]
    public void Unsupported_format_message_lists_the_supported_formats() =>
        Problems("""{"format": "email"}""").Single().Message.Should().Contain("date-time").And.Contain("int32");

    [Fact]
    public void Bad_regex_message_quotes_the_pattern() =>
        Problems("""{"pattern": "[a-z"}""").Single().Message.Should().Contain("[a-z");

    [Fact]
    public void Bad_quantity_bound_message_shows_the_value_and_examples() =>
        Problems("""{"quantityMinimum": "lots"}""").Single().Message.Should().Contain("lots").And.Contain("Mi");

    [Fact]
    public void Every_problem_in_a_schema_is_reported()
    {
        var problems = Problems("""
            {
              "foo": 1,
              "properties": {"a": {"pattern": "["}, "b": {"format": "email"}},
              "items": {"unevaluatedProperties": false}
            }
            """);
        problems.Select(p => p.Pointer).Should().BeEquivalentTo(
            ["/foo", "/properties/a/pattern", "/properties/b/format", "/items/unevaluatedProperties"]);
    }

    [Fact]
    public void Problems_inside_a_definition_are_reported_once_even_when_referenced_twice()
    {
        var problems = Problems("""
            {
              "definitions": {"a": {"typo": 1}},
              "properties": {"x": {"$ref": "#/definitions/a"}, "y": {"$ref": "#/definitions/a"}}
            }
            """);
        problems.Should().ContainSingle().Which.Pointer.Should().Be("/definitions/a/typo");
    }

    [Fact]
    public void Problems_inside_an_unused_definition_are_still_reported() =>
        Problems("""{"$defs": {"unused": {"minLength": -1}}}""").Should().ContainSingle()
            .Which.Pointer.Should().Be("/$defs/unused/minLength");

    [Fact]
    public void Keyword_names_inside_properties_are_field_names_not_keywords()
    {
        // "foo" and "then" are field names here; only the schemas below them are checked.
        var compiled = Compile("""{"properties": {"foo": {"type": "string"}, "then": {}, "$ref": {}}}""");
        Failures(compiled, """{"foo": 1}""").Should().ContainSingle().Which.Pointer.Should().Be("/foo");
    }

    [Fact]
    public void Keyword_names_are_case_sensitive() =>
        Problems("""{"Type": "string"}""").Single().Pointer.Should().Be("/Type");

    [Fact]
    public void A_schema_that_is_neither_object_nor_boolean_is_rejected()
    {
        Problems("5").Single().Pointer.Should().BeEmpty();
        Problems("""{"properties": {"a": "string"}}""").Single().Pointer.Should().Be("/properties/a");
        Problems("""{"allOf": [{}, []]}""").Single().Pointer.Should().Be("/allOf/1");
        Problems("""{"not": 5}""").Single().Pointer.Should().Be("/not");
        Problems("""{"additionalProperties": "no"}""").Single().Pointer.Should().Be("/additionalProperties");
        Problems("""{"if": null, "then": {}}""").Single().Pointer.Should().Be("/if");
    }

    [Theory]
    [InlineData("""{"$ref": "#"}""")]
    [InlineData("""{"allOf": [{"$ref": "#"}]}""")]
    [InlineData("""{"$ref": "#/definitions/a", "definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"anyOf": [{"$ref": "#/definitions/a"}]}}}""")]
    public void Ref_cycle_that_never_descends_into_the_value_is_rejected(string schema)
    {
        // Validating such a schema recurses forever on the same value and overflows the stack, which kills the process:
        // it must be caught at compile time. (Validation is deliberately not attempted here.)
        var (compiled, problems) = SchemaCompiler.Compile(Parse(schema));
        problems.Should().NotBeEmpty("validating {0} would recurse on the same value until the stack overflows", schema);
        compiled.Should().BeNull();
    }

    [Fact]
    public void Ref_cycle_through_a_child_value_is_allowed() =>
        Compile("""{"properties": {"next": {"$ref": "#"}}}""");
}
