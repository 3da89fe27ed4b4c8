using NJsonSchema;
using static Guardrails.Schema.Tests.SchemaTestSupport;

namespace Guardrails.Schema.Tests;

/// <summary>
/// Our validator against NJsonSchema's on the keywords both implement: the verdicts must agree.
/// Where NJsonSchema skips a keyword (const, if/then/else, contains), ours must not.
/// </summary>
public sealed class NJsonSchemaDifferentialTests
{
    public static TheoryData<string, string> SharedKeywordCases => new()
    {
        { """{"type": "string"}""", "\"nginx\"" },
        { """{"type": "string"}""", "42" },
        { """{"type": "integer"}""", "3" },
        { """{"type": "integer"}""", "3.5" },
        { """{"type": "number"}""", "3.5" },
        { """{"type": "boolean"}""", "\"true\"" },
        { """{"type": ["string", "null"]}""", "null" },
        { """{"type": ["string", "null"]}""", "0" },
        { """{"type": "object", "properties": {"name": {"type": "string"}}}""", """{"name": "web"}""" },
        { """{"type": "object", "properties": {"name": {"type": "string"}}}""", """{"name": 1}""" },
        { """{"required": ["resources"]}""", """{"resources": {}}""" },
        { """{"required": ["resources"]}""", """{"image": "nginx"}""" },
        { """{"properties": {"a": {"type": "string"}}, "additionalProperties": false}""", """{"a": "x"}""" },
        { """{"properties": {"a": {"type": "string"}}, "additionalProperties": false}""", """{"a": "x", "b": 1}""" },
        { """{"additionalProperties": {"type": "string"}}""", """{"a": "x", "b": 1}""" },
        { """{"enum": ["Always", "IfNotPresent", "Never"]}""", "\"Never\"" },
        { """{"enum": ["Always", "IfNotPresent", "Never"]}""", "\"Sometimes\"" },
        { """{"enum": [1, "1", null]}""", "null" },
        { """{"items": {"type": "integer"}}""", "[1, 2, 3]" },
        { """{"items": {"type": "integer"}}""", "[1, \"2\", 3]" },
        { """{"minItems": 1}""", "[]" },
        { """{"maxItems": 2}""", "[1, 2, 3]" },
        { """{"minItems": 1, "maxItems": 2}""", "[1, 2]" },
        { """{"minimum": 1, "maximum": 65535}""", "80" },
        { """{"minimum": 1, "maximum": 65535}""", "0" },
        { """{"minimum": 1, "maximum": 65535}""", "65536" },
        { """{"minLength": 1, "maxLength": 63}""", "\"web\"" },
        { """{"minLength": 1}""", "\"\"" },
        { """{"maxLength": 3}""", "\"nginx\"" },
        { """{"pattern": "^[a-z0-9-]+$"}""", "\"web-1\"" },
        { """{"pattern": "^[a-z0-9-]+$"}""", "\"Web_1\"" },
        { """{"pattern": "latest"}""", "\"nginx:latest\"" },
        { """{"allOf": [{"minimum": 1}, {"maximum": 10}]}""", "5" },
        { """{"allOf": [{"minimum": 1}, {"maximum": 10}]}""", "11" },
        { """{"anyOf": [{"type": "string"}, {"type": "integer"}]}""", "7" },
        { """{"anyOf": [{"type": "string"}, {"type": "integer"}]}""", "true" },
        { """{"oneOf": [{"type": "integer"}, {"minimum": 10}]}""", "5" },
        { """{"oneOf": [{"type": "integer"}, {"minimum": 10}]}""", "15" },
        { """{"oneOf": [{"type": "integer"}, {"type": "string"}]}""", "null" },
        { """{"not": {"enum": ["latest"]}}""", "\"latest\"" },
        { """{"not": {"enum": ["latest"]}}""", "\"1.25\"" },
        { """{"patternProperties": {"^x-": {"type": "string"}}}""", """{"x-team": "a"}""" },
        { """{"patternProperties": {"^x-": {"type": "string"}}}""", """{"x-team": 1}""" },
        { """{"patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": false}""", """{"x-team": "a", "other": 1}""" },
        { """{"properties": {"spec": {"properties": {"containers": {"items": {"required": ["name", "image"]}}}}}}""", """{"spec": {"containers": [{"name": "a", "image": "b"}, {"name": "c"}]}}""" },
        { """{"properties": {"spec": {"properties": {"containers": {"items": {"required": ["name", "image"]}}}}}}""", """{"spec": {"containers": [{"name": "a", "image": "b"}]}}""" },
    };

    [Theory]
    [MemberData(nameof(SharedKeywordCases))]
    public async Task Verdict_matches_NJsonSchema_on_shared_keywords(string schema, string instance)
    {
        var theirs = (await JsonSchema.FromJsonAsync(schema)).Validate(instance);
        var ours = Failures(schema, instance);

        (ours.Count == 0).Should().Be(theirs.Count == 0, "NJsonSchema reports [{0}] and we report [{1}]", string.Join(", ", theirs.Select(e => e.Kind)), string.Join(", ", ours.Select(f => f.Pointer + " " + f.Message)));
    }

    [Fact]
    public void Shared_keyword_table_covers_both_verdicts_for_every_keyword_family()
    {
        var verdicts = SharedKeywordCases.Select(row => (Schema: (string)row[0], Valid: IsValid((string)row[0], (string)row[1]))).ToList();
        verdicts.Should().HaveCountGreaterThanOrEqualTo(40);
        foreach (var keyword in new[] { "type", "properties", "required", "additionalProperties", "enum", "items", "minItems", "maxItems", "minimum", "maximum", "minLength", "maxLength", "pattern", "allOf", "anyOf", "oneOf", "not", "patternProperties" })
        {
            var rows = verdicts.Where(v => v.Schema.Contains($"\"{keyword}\"", StringComparison.Ordinal)).ToList();
            rows.Should().Contain(v => !v.Valid, "the table needs a failing case for {0}", keyword);
        }

        verdicts.Should().Contain(v => v.Valid).And.Contain(v => !v.Valid);
    }

    /// <summary>Instances NJsonSchema wrongly accepts because it does not implement the keyword.</summary>
    public static TheoryData<string, string> SkippedByNJsonSchema => new()
    {
        { """{"const": "Pod"}""", "\"Deployment\"" },
        { """{"properties": {"runAsNonRoot": {"const": true}}}""", """{"runAsNonRoot": false}""" },
        { """{"if": {"required": ["limits"]}, "then": {"required": ["requests"]}}""", """{"limits": {}}""" },
        { """{"if": {"required": ["limits"]}, "then": {}, "else": {"required": ["requests"]}}""", "{}" },
        { """{"contains": {"const": "ALL"}}""", """["NET_RAW"]""" },
        { """{"contains": {"type": "string"}, "minContains": 2}""", """["a", 1]""" },
    };

    [Theory]
    [MemberData(nameof(SkippedByNJsonSchema))]
    public async Task NJsonSchema_silently_accepts_what_ours_rejects(string schema, string instance)
    {
        var theirs = (await JsonSchema.FromJsonAsync(schema)).Validate(instance);
        theirs.Should().BeEmpty("NJsonSchema ignores the keyword: this is why Guardrails has its own validator");

        Failures(schema, instance).Should().NotBeEmpty("Guardrails enforces every keyword it accepts");
    }
}
