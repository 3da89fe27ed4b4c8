using System.Text.Json;
using Guardrails.Schema.Compilation;
using Guardrails.Schema.Tests.Conformance;

namespace Guardrails.Schema.Tests.Keywords;

/// <summary>
/// Keywords that find their members in one pass over an object against the same keywords looking each member up by name
/// (<see cref="ValidationContext.LooksUpEachMember"/>, the path before the pass): the same verdict and the same failures in
/// the same order, collecting every failure or stopping at the first, at the root with a member memo shared by several
/// schemas and below it. Over the JSON Schema Test Suite (each schema with its values, and every pair of a file's schemas
/// joined) and over objects with repeated, escaped and many members.
/// </summary>
public sealed class MemberLookupDifferentialTests
{
    private static readonly string[] Schemas =
    [
        """{"required": ["a", "b"], "properties": {"a": {"type": "string"}, "b": {"type": "integer"}, "c": {"const": 1}}}""",
        """{"properties": {"a": {"type": "string"}, "b": {"type": "integer"}, "a\\u0062": {"const": 2}}}""",
        """{"properties": {"a\\\\b": {"type": "string"}, "b": {"type": "integer"}}, "required": ["a\\\\b"]}""",
        """{"required": ["a", "b", "c"]}""",
        """{"properties": {"x": {"properties": {"a": {"maxLength": 1}, "b": {"minimum": 2}}, "required": ["b"]}}}""",
        """{"if": {"required": ["a", "b"], "properties": {"a": {"type": "string"}}}, "then": {"properties": {"b": {"const": 1}}}}""",
        """{"required": ["n0", "n1", "n2"], "properties": {"n0": {"type": "integer"}, "n1": {"type": "integer"}, "n2": {"type": "integer"}, "n3": {"type": "integer"}, "n4": {"type": "integer"}, "n5": {"type": "integer"}, "n6": {"type": "integer"}, "n7": {"type": "integer"}, "n8": {"type": "integer"}, "n9": {"type": "integer"}, "n10": {"type": "integer"}, "n11": {"type": "integer"}, "n12": {"type": "integer"}, "n13": {"type": "integer"}, "n14": {"type": "integer"}, "n15": {"type": "integer"}, "n16": {"type": "integer"}}}""",
        """{"required": ["n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9", "n10", "n11", "n12", "n13", "n14", "n15", "n16"]}""",
        """{"properties": {"": {"type": "string"}, "é": {"type": "integer"}, "ab": {"const": 3}}}""",
    ];

    private static readonly string[] Instances =
    [
        "{}", """{"a": "s"}""", """{"a": 1, "b": 2}""", """{"a": "s", "b": 1, "c": 1}""", """{"a": 1, "a": "later", "b": 1}""",
        """{"a": "later", "b": 1, "a": 1}""", """{"\u0061": 1, "b": "x"}""", """{"a": "s", "\u0062": 1, "b": "x"}""", """{"ab": 1, "a\u0062": 2}""",
        """{"a\\b": "s", "b": 1}""", """{"a\\b": 1}""", """{"a\u005cb": 1, "b": 1}""", """{"x": {"a": "ss", "b": 1}}""", """{"x": {"a": "s", "\u0062": 3}}""",
        """{"x": {"b": 1, "b": 3}}""", """{"n0": 1, "n1": "s", "n16": "t", "n5": 1}""", """{"n0": 1, "n1": 1, "n2": 1, "n3": 1, "n4": 1, "n5": 1, "n6": 1, "n7": 1, "n8": 1, "n9": 1, "n10": 1, "n11": 1, "n12": 1, "n13": 1, "n14": 1, "n15": 1, "n16": 1}""",
        """{"": 1, "é": "s", "\u00e9": 2, "ab": 3}""", """{"\u00e9": 1}""", "[1]", "null", "\"s\"",
    ];

    [Fact]
    public void Suite_schemas_judge_their_values_as_with_a_lookup_per_member()
    {
        var differences = new List<string>();
        var compared = 0;
        foreach (var suiteCase in SchemaSuiteCase.All)
        {
            if (SchemaCompiler.Compile(suiteCase.Schema).Schema is not { } schema)
            {
                continue;
            }

            foreach (var test in suiteCase.Tests)
            {
                compared += Compare([schema], test.Data, $"{suiteCase.File} #{suiteCase.Index} {test.Description}", differences);
            }
        }

        differences.Should().BeEmpty();
        compared.Should().BeGreaterThan(1_500);
    }

    [Fact]
    public void Joined_suite_schemas_match_their_values_as_with_a_lookup_per_member()
    {
        var differences = new List<string>();
        var compared = 0;
        foreach (var file in SchemaSuiteCase.All.GroupBy(c => c.File))
        {
            var cases = file.Select(c => (Case: c, Schema: SchemaCompiler.Compile(c.Schema).Schema)).Where(c => c.Schema is not null).ToList();
            foreach (var (first, firstSchema) in cases)
            {
                foreach (var (second, secondSchema) in cases.Where(c => c.Case.Index >= first.Index))
                {
                    var joined = SchemaCompiler.AllOf([firstSchema!, secondSchema!]);
                    foreach (var test in first.Tests.Concat(second.Tests))
                    {
                        compared += Compare([joined, firstSchema!, secondSchema!], test.Data, $"{file.Key} #{first.Index} and #{second.Index} {test.Description}", differences);
                    }
                }
            }
        }

        differences.Should().BeEmpty();
        compared.Should().BeGreaterThan(8_000);
    }

    [Fact]
    public void Repeated_escaped_and_many_members_are_found_as_by_a_lookup_per_member()
    {
        var schemas = Schemas.Select(SchemaTestSupport.Compile).ToList();
        var differences = new List<string>();
        var compared = 0;
        foreach (var instance in Instances)
        {
            var value = SchemaTestSupport.Parse(instance);
            compared += Compare(schemas, value, instance, differences);
            foreach (var schema in schemas)
            {
                compared += Compare([schema], value, instance, differences);
            }
        }

        differences.Should().BeEmpty();
        compared.Should().BeGreaterThan(500);
    }

    // Each schema in turn judges the value, as the engine's rules judge one target: at the root with one memo for all of
    // them, and below the root (the value as an item of an array).
    private static int Compare(IReadOnlyList<CompiledSchema> schemas, JsonElement value, string what, List<string> differences)
    {
        var compared = 0;
        var item = SchemaTestSupport.Parse($"[{value.GetRawText()}]");
        foreach (var collectAll in new[] { false, true })
        {
            var memos = (Old: new MemberMemo(), New: new MemberMemo());
            foreach (var schema in schemas)
            {
                var expected = Run(schema, value, new ValidationContext(collectAll) { LooksUpEachMember = true, RootMembers = memos.Old });
                var actual = Run(schema, value, new ValidationContext(collectAll) { RootMembers = memos.New });
                var expectedBelow = Run(new CompiledSchema(null, [new Guardrails.Schema.Keywords.ItemsKeyword([], schema)]), item, new ValidationContext(collectAll) { LooksUpEachMember = true });
                var actualBelow = Run(new CompiledSchema(null, [new Guardrails.Schema.Keywords.ItemsKeyword([], schema)]), item, new ValidationContext(collectAll));
                if (actual != expected)
                {
                    differences.Add($"{what} (collect all: {collectAll}), at the root: by name {expected}, in one pass {actual}");
                }

                if (actualBelow != expectedBelow)
                {
                    differences.Add($"{what} (collect all: {collectAll}), below the root: by name {expectedBelow}, in one pass {actualBelow}");
                }

                compared++;
            }
        }

        return compared;
    }

    private static string Run(CompiledSchema schema, JsonElement value, ValidationContext context)
    {
        var valid = schema.Validate(value, context);
        return $"{valid}: " + string.Join("; ", context.Failures.Select(f => $"{f.Pointer} {f.Message}"));
    }
}
