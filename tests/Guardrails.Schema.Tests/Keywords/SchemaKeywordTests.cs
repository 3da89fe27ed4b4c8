using static Guardrails.Schema.Tests.SchemaTestSupport;

namespace Guardrails.Schema.Tests.Keywords;

public sealed class SchemaKeywordTests
{
    // ---- type ----

    [Theory]
    [InlineData("string", "\"nginx\"")]
    [InlineData("integer", "3")]
    [InlineData("integer", "3.0")]
    [InlineData("number", "3.5")]
    [InlineData("number", "3")]
    [InlineData("boolean", "false")]
    [InlineData("null", "null")]
    [InlineData("object", "{}")]
    [InlineData("array", "[]")]
    public void Type_accepts_values_of_that_type(string type, string instance) =>
        ShouldPass($$"""{"type": "{{type}}"}""", instance);

    [Theory]
    [InlineData("string", "42", "a number")]
    [InlineData("integer", "3.5", "a number")]
    [InlineData("number", "\"3\"", "a string")]
    [InlineData("boolean", "\"true\"", "a string")]
    [InlineData("null", "0", "a number")]
    [InlineData("object", "[]", "a list")]
    [InlineData("array", "{}", "an object")]
    public void Type_rejects_values_of_another_type_and_names_what_it_got(string type, string instance, string actual)
    {
        var failure = ShouldFailAt($$"""{"type": "{{type}}"}""", instance, string.Empty);
        failure.Message.Should().Contain("not " + actual);
    }

    [Fact]
    public void Type_list_accepts_any_of_the_listed_types()
    {
        const string schema = """{"type": ["string", "null"]}""";
        ShouldPass(schema, "null");
        ShouldPass(schema, "\"x\"");
        ShouldFailAt(schema, "1", string.Empty).Message.Should().Contain("a string or null");
    }

    [Fact]
    public void Type_string_with_a_pattern_fails_a_non_string_once_as_the_type_and_keeps_the_order_of_failures()
    {
        // type: string and pattern are checked as one keyword; what fails, and in which order, is what the two give.
        const string schema = """{"type": "string", "pattern": "^a", "not": {"pattern": "b$"}}""";
        Failures(schema, "7").Select(f => f.Message).Should().Equal("must be a string, not a number", "has a value that is not allowed");
        Failures(schema, "\"xb\"").Select(f => f.Message).Should().Equal("must match the pattern ^a", "has a value that is not allowed");
        ShouldPass(schema, "\"ab1\"");
        Failures("""{"type": ["string", "null"], "pattern": "^a"}""", "7").Select(f => f.Message).Should().Equal("must be a string or null, not a number");
        ShouldPass("""{"type": ["string", "null"], "pattern": "^a"}""", "null");
    }

    [Fact]
    public void Failures_after_a_speculative_branch_point_at_their_full_path()
    {
        // Members and items visited inside anyOf, not and if are not written on the path (nothing is recorded there);
        // a failure recorded after them, deeper or shallower, still has its whole pointer.
        const string schema = """
            {"properties": {"spec": {"properties": {"containers": {"items": {
              "anyOf": [{"properties": {"a": {"properties": {"b": {"const": 1}}}}}, {"required": ["a"]}],
              "not": {"required": ["x"], "properties": {"x": {"properties": {"y": {"const": 2}}}}},
              "if": {"properties": {"p": {"items": {"const": 3}}}},
              "then": {"properties": {"q": {"type": "string"}}},
              "properties": {"r": {"properties": {"s": {"type": "string"}}}}}}}}}}
            """;
        const string instance = """{"spec": {"containers": [{"a": {"b": 1}}, {"a": {"b": 9}, "x": {"y": 3}, "p": [3], "q": 4, "r": {"s": 5}}]}}""";
        Failures(schema, instance).Select(f => f.Pointer).Should().Equal("/spec/containers/1/r/s", "/spec/containers/1/q");
    }

    // ---- required, properties, additionalProperties ----

    [Fact]
    public void Required_field_missing_fails_at_the_pointer_where_it_would_be()
    {
        ShouldFailAt("""{"required": ["resources"]}""", """{"image": "nginx"}""", "/resources");
        ShouldPass("""{"required": ["resources"]}""", """{"resources": {}}""");
    }

    [Fact]
    public void Required_ignores_values_that_are_not_objects() =>
        ShouldPass("""{"required": ["resources"]}""", "[1, 2]");

    [Fact]
    public void Required_with_null_value_counts_as_present() =>
        ShouldPass("""{"required": ["resources"]}""", """{"resources": null}""");

    [Fact]
    public void Nested_properties_fail_at_the_full_pointer()
    {
        const string schema = """
            {"properties": {"resources": {"properties": {"limits": {"properties": {"cpu": {"type": "string"}}}}}}}
            """;
        ShouldFailAt(schema, """{"resources": {"limits": {"cpu": 2}}}""", "/resources/limits/cpu");
        ShouldPass(schema, """{"resources": {"limits": {"cpu": "2"}}}""");
        ShouldPass(schema, """{"resources": {"requests": {"cpu": 2}}}""");
    }

    [Fact]
    public void Nested_required_fails_below_its_parent() =>
        ShouldFailAt(
            """{"properties": {"resources": {"required": ["limits"]}}}""",
            """{"resources": {"requests": {}}}""",
            "/resources/limits");

    [Fact]
    public void Property_names_with_slash_and_tilde_are_escaped_in_the_pointer()
    {
        const string schema = """{"properties": {"app.kubernetes.io/name": {"type": "string"}, "a~b": {"type": "string"}}}""";
        ShouldFailAt(schema, """{"app.kubernetes.io/name": 1}""", "/app.kubernetes.io~1name");
        ShouldFailAt(schema, """{"a~b": 1}""", "/a~0b");
    }

    [Fact]
    public void Additional_properties_false_rejects_undeclared_fields_at_their_pointer()
    {
        const string schema = """{"properties": {"name": {}}, "additionalProperties": false}""";
        ShouldPass(schema, """{"name": "web"}""");
        ShouldFailAt(schema, """{"name": "web", "nmae": "typo"}""", "/nmae");
    }

    [Fact]
    public void Additional_properties_schema_applies_only_to_undeclared_fields()
    {
        const string schema = """{"properties": {"replicas": {"type": "integer"}}, "additionalProperties": {"type": "string"}}""";
        ShouldPass(schema, """{"replicas": 3, "team": "a"}""");
        ShouldFailAt(schema, """{"replicas": 3, "team": 7}""", "/team");
    }

    [Fact]
    public void Min_and_max_properties_count_fields()
    {
        const string schema = """{"minProperties": 1, "maxProperties": 2}""";
        ShouldPass(schema, """{"a": 1}""");
        ShouldFailAt(schema, "{}", string.Empty).Message.Should().Contain("at least 1");
        ShouldFailAt(schema, """{"a": 1, "b": 2, "c": 3}""", string.Empty).Message.Should().Contain("at most 2");
    }

    [Fact]
    public void Collect_all_reports_every_failure_while_the_default_context_stops_at_the_first()
    {
        var schema = Compile("""{"required": ["a", "b"], "properties": {"c": {"type": "string"}}}""");
        const string instance = """{"c": 1}""";

        Failures(schema, instance).Select(f => f.Pointer).Should().BeEquivalentTo(["/a", "/b", "/c"]);

        var firstOnly = new ValidationContext();
        schema.Validate(Parse(instance), firstOnly).Should().BeFalse();
        firstOnly.Failures.Should().ContainSingle();
    }

    [Fact]
    public void Reset_clears_failures_so_a_context_can_be_reused()
    {
        var schema = Compile("""{"required": ["a"]}""");
        var context = new ValidationContext(collectAll: true);
        schema.Validate(Parse("{}"), context).Should().BeFalse();
        context.Reset();
        schema.Validate(Parse("""{"a": 1}"""), context).Should().BeTrue();
        context.Failures.Should().BeEmpty();
    }

    // ---- items, prefixItems, counts ----

    [Fact]
    public void Items_fail_at_the_index_and_field_of_the_bad_item()
    {
        const string schema = """
            {"properties": {"env": {"items": {"required": ["name"], "properties": {"value": {"type": "string"}}}}}}
            """;
        ShouldFailAt(schema, """{"env": [{"name": "A", "value": "1"}, {"name": "B", "value": 2}]}""", "/env/1/value");
        ShouldFailAt(schema, """{"env": [{"name": "A"}, {"value": "x"}]}""", "/env/1/name");
        ShouldPass(schema, """{"env": [{"name": "A", "value": "1"}, {"name": "B"}]}""");
    }

    [Fact]
    public void Prefix_items_check_positions_and_items_false_limits_the_length()
    {
        const string schema = """{"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false}""";
        ShouldPass(schema, """["a", 1]""");
        ShouldPass(schema, """["a"]""");
        ShouldFailAt(schema, """["a", "b"]""", "/1");
        ShouldFailAt(schema, """["a", 1, true]""", "/2").Message.Should().Contain("at most 2 items");
    }

    [Fact]
    public void Prefix_items_with_items_schema_checks_the_rest()
    {
        const string schema = """{"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}""";
        ShouldPass(schema, """["a", 1, 2]""");
        ShouldFailAt(schema, """["a", 1, "b"]""", "/2");
        ShouldFailAt(schema, """[1, 1]""", "/0");
    }

    [Fact]
    public void Min_and_max_items_count_items()
    {
        const string schema = """{"minItems": 1, "maxItems": 2}""";
        ShouldPass(schema, "[1]");
        ShouldFailAt(schema, "[]", string.Empty).Message.Should().Be("must not be empty");
        ShouldFailAt(schema, "[1, 2, 3]", string.Empty).Message.Should().Contain("at most 2");
        ShouldFailAt("""{"minItems": 3}""", "[1]", string.Empty).Message.Should().Contain("at least 3");
    }

    [Fact]
    public void Unique_items_reports_the_index_of_the_duplicate()
    {
        ShouldFailAt("""{"uniqueItems": true}""", """[1, 2, 1]""", "/2").Message.Should().Contain("item 0");
        ShouldPass("""{"uniqueItems": true}""", """[1, "1", [1], {"a": 1}]""");
        ShouldPass("""{"uniqueItems": false}""", """[1, 1]""");
    }

    [Fact]
    public void Unique_items_compares_objects_by_value_not_member_order() =>
        ShouldFailAt("""{"uniqueItems": true}""", """[{"a": 1, "b": 2}, {"b": 2, "a": 1}]""", "/1");

    [Fact]
    public void Unique_items_treats_numbers_by_value() =>
        ShouldFailAt("""{"uniqueItems": true}""", """[1, 1.0]""", "/1");

    // ---- contains ----

    [Fact]
    public void Contains_requires_at_least_one_matching_item()
    {
        const string schema = """{"contains": {"const": "NET_ADMIN"}}""";
        ShouldPass(schema, """["CHOWN", "NET_ADMIN"]""");
        ShouldFailAt(schema, """["CHOWN"]""", string.Empty).Message.Should().Contain("no item");
        ShouldFailAt(schema, "[]", string.Empty);
        ShouldPass(schema, "\"not a list\"");
    }

    [Fact]
    public void Min_contains_requires_that_many_matches()
    {
        const string schema = """{"contains": {"type": "string"}, "minContains": 2}""";
        ShouldPass(schema, """["a", 1, "b"]""");
        ShouldFailAt(schema, """["a", 1, 2]""", string.Empty).Message.Should().Contain("fewer than 2");
    }

    [Fact]
    public void Max_contains_limits_the_matches()
    {
        const string schema = """{"contains": {"type": "string"}, "maxContains": 1}""";
        ShouldPass(schema, """["a", 1, 2]""");
        ShouldFailAt(schema, """["a", "b", 1]""", string.Empty).Message.Should().Contain("more than 1");
        ShouldFailAt(schema, """[1, 2]""", string.Empty);
    }

    [Fact]
    public void Min_contains_zero_makes_contains_optional()
    {
        const string schema = """{"contains": {"type": "string"}, "minContains": 0, "maxContains": 1}""";
        ShouldPass(schema, "[]");
        ShouldPass(schema, "[1, 2]");
        ShouldFailAt(schema, """["a", "b"]""", string.Empty);
    }

    [Fact]
    public void Contains_records_no_failures_of_the_items_it_tried()
    {
        var failures = Failures("""{"contains": {"required": ["name"]}}""", """[{}, {}, {}]""");
        failures.Should().ContainSingle().Which.Pointer.Should().BeEmpty();
    }

    // ---- const, enum ----

    [Fact]
    public void Const_accepts_only_the_exact_value()
    {
        const string schema = """{"properties": {"kind": {"const": "Pod"}}}""";
        ShouldPass(schema, """{"kind": "Pod"}""");
        ShouldFailAt(schema, """{"kind": "pod"}""", "/kind").Message.Should().Contain("\"Pod\"");
    }

    [Fact]
    public void Const_compares_structured_values_deeply()
    {
        const string schema = """{"const": {"runAsNonRoot": true, "capabilities": {"drop": ["ALL"]}}}""";
        ShouldPass(schema, """{"capabilities": {"drop": ["ALL"]}, "runAsNonRoot": true}""");
        ShouldFailAt(schema, """{"capabilities": {"drop": []}, "runAsNonRoot": true}""", string.Empty);
        ShouldFailAt("""{"const": null}""", "false", string.Empty);
        ShouldPass("""{"const": null}""", "null");
    }

    [Fact]
    public void Const_false_does_not_accept_other_falsy_values()
    {
        ShouldPass("""{"const": false}""", "false");
        ShouldFailAt("""{"const": false}""", "0", string.Empty);
        ShouldFailAt("""{"const": false}""", "null", string.Empty);
    }

    [Fact]
    public void Enum_accepts_listed_values_only()
    {
        const string schema = """{"enum": ["Always", "IfNotPresent", "Never", 1, null]}""";
        ShouldPass(schema, "\"Never\"");
        ShouldPass(schema, "1");
        ShouldPass(schema, "null");
        ShouldFailAt(schema, "\"never\"", string.Empty).Message.Should().Contain("IfNotPresent");
        ShouldFailAt(schema, "\"1\"", string.Empty);
    }

    [Fact]
    public void Const_and_enum_in_one_schema_are_both_enforced()
    {
        // Each keyword must hold: "b" is in the enum but is not the const.
        Failures("""{"const": "a", "enum": ["b"]}""", "\"b\"").Should().NotBeEmpty();
        Failures("""{"enum": ["b"], "const": "a"}""", "\"b\"").Should().NotBeEmpty();
        Failures("""{"enum": ["a", "b"], "const": "a"}""", "\"a\"").Should().BeEmpty();
    }

    // ---- if / then / else ----

    private const string Conditional = """
        {
          "if": {"properties": {"kind": {"const": "Deployment"}}, "required": ["kind"]},
          "then": {"required": ["replicas"]},
          "else": {"properties": {"replicas": false}}
        }
        """;

    [Fact]
    public void If_true_applies_then()
    {
        ShouldFailAt(Conditional, """{"kind": "Deployment"}""", "/replicas");
        ShouldPass(Conditional, """{"kind": "Deployment", "replicas": 2}""");
    }

    [Fact]
    public void If_false_applies_else()
    {
        ShouldFailAt(Conditional, """{"kind": "Pod", "replicas": 2}""", "/replicas");
        ShouldPass(Conditional, """{"kind": "Pod"}""");
        ShouldPass(Conditional, "{}");
    }

    [Fact]
    public void If_records_no_failure_of_its_own()
    {
        // The condition fails on a Pod, but only else's verdict may show.
        Failures(Conditional, """{"kind": "Pod"}""").Should().BeEmpty();
    }

    [Fact]
    public void If_with_only_then_passes_when_the_condition_fails()
    {
        const string schema = """{"if": {"required": ["limits"]}, "then": {"required": ["requests"]}}""";
        ShouldPass(schema, "{}");
        ShouldFailAt(schema, """{"limits": {}}""", "/requests");
    }

    [Fact]
    public void If_with_only_else_applies_when_the_condition_fails()
    {
        const string schema = """{"if": {"required": ["limits"]}, "else": {"required": ["requests"]}}""";
        ShouldPass(schema, """{"limits": {}}""");
        ShouldFailAt(schema, "{}", "/requests");
    }

    // ---- dependentRequired, propertyNames, patternProperties ----

    [Fact]
    public void Dependent_required_requires_fields_only_when_the_trigger_is_present()
    {
        const string schema = """{"dependentRequired": {"limits": ["requests"]}}""";
        ShouldPass(schema, "{}");
        ShouldPass(schema, """{"limits": {}, "requests": {}}""");
        ShouldPass(schema, """{"requests": {}}""");
        var failure = ShouldFailAt(schema, """{"limits": {}}""", "/requests");
        failure.Message.Should().Contain("limits");
    }

    [Fact]
    public void Property_names_checks_every_key_and_fails_at_the_offending_key()
    {
        const string schema = """{"propertyNames": {"pattern": "^[a-z][a-z0-9-]*$", "maxLength": 10}}""";
        ShouldPass(schema, """{"app": 1, "tier-2": 2}""");
        ShouldFailAt(schema, """{"app": 1, "Bad_Key": 2}""", "/Bad_Key").Message.Should().Contain("Bad_Key");
        ShouldFailAt(schema, """{"abcdefghijk": 1}""", "/abcdefghijk");
    }

    [Fact]
    public void Property_names_handles_keys_that_need_json_escaping() =>
        ShouldFailAt("""{"propertyNames": {"maxLength": 2}}""", """{"a\"b\\c": 1}""", "/a\"b\\c");

    [Fact]
    public void Pattern_properties_check_matching_keys_only()
    {
        const string schema = """{"patternProperties": {"^x-": {"type": "string"}, "-id$": {"type": "integer"}}}""";
        ShouldPass(schema, """{"x-team": "a", "other": 1, "user-id": 7}""");
        ShouldFailAt(schema, """{"x-team": 1}""", "/x-team");
        ShouldFailAt(schema, """{"user-id": "7"}""", "/user-id");
        // A key matching both patterns must satisfy both.
        ShouldFailAt(schema, """{"x-id": "7"}""", "/x-id");
    }

    [Fact]
    public void Pattern_properties_count_as_declared_for_additional_properties()
    {
        const string schema = """{"properties": {"name": {}}, "patternProperties": {"^x-": {}}, "additionalProperties": false}""";
        ShouldPass(schema, """{"name": "a", "x-anything": 1}""");
        ShouldFailAt(schema, """{"name": "a", "y-thing": 1}""", "/y-thing");
    }

    // ---- combinators ----

    [Fact]
    public void All_of_reports_every_failing_branch()
    {
        const string schema = """{"allOf": [{"required": ["a"]}, {"required": ["b"]}]}""";
        ShouldPass(schema, """{"a": 1, "b": 2}""");
        Failures(schema, "{}").Select(f => f.Pointer).Should().BeEquivalentTo(["/a", "/b"]);
    }

    [Fact]
    public void Any_of_passes_on_one_match_and_fails_on_none()
    {
        const string schema = """{"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 0}]}""";
        ShouldPass(schema, "\"x\"");
        ShouldPass(schema, "3");
        ShouldFailAt(schema, "-3", string.Empty).Message.Should().Contain("none");
    }

    [Theory]
    [InlineData("""{"httpGet": {}}""", true)]
    [InlineData("""{"periodSeconds": 5, "exec": {}}""", true)]
    [InlineData("""{"grpc": 1, "host": "h"}""", true)]
    [InlineData("""{"host": "h"}""", false)]
    [InlineData("""{"grpc": 1}""", false)]
    [InlineData("""{"a": 1, "b": 2}""", true)]
    [InlineData("""{"a": 1}""", false)]
    [InlineData("""{"\u0061": 1, "b": 2}""", true)]
    [InlineData("""{"a\u0062": 1, "a": 2}""", false)]
    [InlineData("{}", false)]
    [InlineData("[1]", true)]
    [InlineData("\"text\"", true)]
    public void Any_of_branches_that_only_require_members_give_the_verdict_and_failure_of_any_of(string instance, bool valid)
    {
        // Such an anyOf finds all its names in one pass; what it answers must be what the branches answer one by one.
        const string schema = """{"anyOf": [{"required": ["httpGet"]}, {"required": ["exec"]}, {"required": ["grpc", "host"]}, {"required": ["a", "b"]}]}""";
        const string spelledOut = """{"anyOf": [{"required": ["httpGet"], "minProperties": 0}, {"required": ["exec"]}, {"required": ["grpc", "host"]}, {"required": ["a", "b"]}]}""";
        IsValid(schema, instance).Should().Be(valid);
        IsValid(spelledOut, instance).Should().Be(valid);
        Failures(schema, instance).Should().BeEquivalentTo(Failures(spelledOut, instance), options => options.WithStrictOrdering());
        if (!valid)
        {
            ShouldFailAt(schema, instance, string.Empty).Message.Should().Be("matches none of the allowed shapes");
        }
    }

    [Fact]
    public void One_of_passes_on_exactly_one_match()
    {
        const string schema = """{"oneOf": [{"multipleOf": 3}, {"multipleOf": 5}]}""";
        ShouldPass(schema, "9");
        ShouldPass(schema, "10");
    }

    [Fact]
    public void One_of_fails_when_no_branch_matches() =>
        ShouldFailAt("""{"oneOf": [{"multipleOf": 3}, {"multipleOf": 5}]}""", "7", string.Empty).Message.Should().Contain("none");

    [Fact]
    public void One_of_fails_when_two_branches_match() =>
        ShouldFailAt("""{"oneOf": [{"multipleOf": 3}, {"multipleOf": 5}]}""", "15", string.Empty).Message.Should().Contain("more than one");

    [Fact]
    public void One_of_failure_points_at_the_value_it_checks() =>
        ShouldFailAt(
            """{"properties": {"spec": {"oneOf": [{"required": ["a"]}, {"required": ["b"]}]}}}""",
            """{"spec": {"a": 1, "b": 2}}""",
            "/spec");

    [Fact]
    public void Not_fails_when_the_inner_schema_matches()
    {
        const string schema = """{"properties": {"tag": {"not": {"const": "latest"}}}}""";
        ShouldPass(schema, """{"tag": "1.25"}""");
        ShouldFailAt(schema, """{"tag": "latest"}""", "/tag").Message.Should().Contain("not allowed");
    }

    [Fact]
    public void Not_of_a_failing_schema_passes_and_records_nothing() =>
        Failures("""{"not": {"required": ["hostPID"]}}""", """{"name": "x"}""").Should().BeEmpty();

    [Fact]
    public void Double_negation_is_the_inner_schema()
    {
        const string schema = """{"not": {"not": {"type": "string"}}}""";
        ShouldPass(schema, "\"x\"");
        ShouldFailAt(schema, "1", string.Empty);
    }

    // ---- $ref ----

    [Fact]
    public void Ref_to_definitions_applies_the_definition()
    {
        const string schema = """
            {
              "definitions": {"port": {"type": "integer", "minimum": 1, "maximum": 65535}},
              "properties": {"containerPort": {"$ref": "#/definitions/port"}, "hostPort": {"$ref": "#/definitions/port"}}
            }
            """;
        ShouldPass(schema, """{"containerPort": 80, "hostPort": 8080}""");
        ShouldFailAt(schema, """{"containerPort": 70000}""", "/containerPort");
        ShouldFailAt(schema, """{"containerPort": 80, "hostPort": "x"}""", "/hostPort");
    }

    [Fact]
    public void Ref_to_defs_applies_the_definition()
    {
        const string schema = """
            {"$defs": {"name": {"type": "string", "pattern": "^[a-z]+$"}}, "properties": {"name": {"$ref": "#/$defs/name"}}}
            """;
        ShouldPass(schema, """{"name": "web"}""");
        ShouldFailAt(schema, """{"name": "Web"}""", "/name");
    }

    [Fact]
    public void Ref_to_a_definition_whose_name_needs_pointer_escaping_resolves()
    {
        const string schema = """
            {"definitions": {"a/b": {"type": "integer"}}, "properties": {"x": {"$ref": "#/definitions/a~1b"}}}
            """;
        ShouldPass(schema, """{"x": 1}""");
        ShouldFailAt(schema, """{"x": "1"}""", "/x");
    }

    [Fact]
    public void Recursive_ref_validates_every_level_of_a_tree()
    {
        const string schema = """
            {
              "$ref": "#/definitions/node",
              "definitions": {
                "node": {
                  "required": ["name"],
                  "properties": {
                    "name": {"type": "string"},
                    "children": {"items": {"$ref": "#/definitions/node"}}
                  }
                }
              }
            }
            """;
        ShouldPass(schema, """{"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}""");
        ShouldFailAt(schema, """{"name": "a", "children": [{"name": "b", "children": [{"name": "c"}, {}]}]}""", "/children/0/children/1/name");
    }

    [Fact]
    public void Recursive_ref_to_the_root_validates_nested_values()
    {
        const string schema = """{"type": "object", "additionalProperties": {"$ref": "#"}}""";
        ShouldPass(schema, """{"a": {"b": {"c": {}}}}""");
        ShouldFailAt(schema, """{"a": {"b": {"c": 1}}}""", "/a/b/c");
    }

    [Fact]
    public void Mutually_recursive_refs_resolve()
    {
        const string schema = """
            {
              "$ref": "#/$defs/even",
              "$defs": {
                "even": {"anyOf": [{"const": []}, {"prefixItems": [{"$ref": "#/$defs/odd"}], "minItems": 1}]},
                "odd": {"type": "array", "prefixItems": [{"$ref": "#/$defs/even"}], "minItems": 1, "maxItems": 1}
              }
            }
            """;
        var compiled = Compile(schema);
        Failures(compiled, "[]").Should().BeEmpty();
        Failures(compiled, "[[[]]]").Should().BeEmpty();
        Failures(compiled, "[[]]").Should().NotBeEmpty();
    }

    // ---- boolean schemas ----

    [Fact]
    public void True_schema_accepts_everything()
    {
        var compiled = Compile("true");
        foreach (var instance in new[] { "null", "1", "\"x\"", "[]", "{}" })
        {
            Failures(compiled, instance).Should().BeEmpty();
        }
    }

    [Fact]
    public void False_schema_rejects_everything()
    {
        var compiled = Compile("false");
        foreach (var instance in new[] { "null", "1", "\"x\"", "[]", "{}" })
        {
            Failures(compiled, instance).Should().ContainSingle().Which.Pointer.Should().BeEmpty();
        }
    }

    [Fact]
    public void False_property_schema_forbids_the_field()
    {
        const string schema = """{"properties": {"hostNetwork": false}}""";
        ShouldPass(schema, """{"name": "x"}""");
        ShouldFailAt(schema, """{"hostNetwork": false}""", "/hostNetwork");
    }

    // ---- numbers ----

    [Fact]
    public void Minimum_and_maximum_are_inclusive()
    {
        const string schema = """{"minimum": 1, "maximum": 10}""";
        ShouldPass(schema, "1");
        ShouldPass(schema, "10");
        ShouldFailAt(schema, "0.999", string.Empty).Message.Should().Contain("at least 1");
        ShouldFailAt(schema, "10.5", string.Empty).Message.Should().Contain("at most 10");
        ShouldPass(schema, "\"100\"");
    }

    [Fact]
    public void Numeric_exclusive_minimum_and_maximum_exclude_the_bound()
    {
        const string schema = """{"exclusiveMinimum": 0, "exclusiveMaximum": 1}""";
        ShouldPass(schema, "0.5");
        ShouldFailAt(schema, "0", string.Empty).Message.Should().Contain("more than 0");
        ShouldFailAt(schema, "1", string.Empty).Message.Should().Contain("less than 1");
    }

    [Fact]
    public void Draft4_boolean_exclusive_minimum_turns_minimum_exclusive()
    {
        const string schema = """{"minimum": 0, "exclusiveMinimum": true}""";
        ShouldPass(schema, "0.1");
        ShouldFailAt(schema, "0", string.Empty);
    }

    [Fact]
    public void Draft4_boolean_exclusive_maximum_turns_maximum_exclusive()
    {
        const string schema = """{"maximum": 100, "exclusiveMaximum": true}""";
        ShouldPass(schema, "99.9");
        ShouldFailAt(schema, "100", string.Empty);
    }

    [Fact]
    public void Draft4_false_exclusive_minimum_keeps_minimum_inclusive()
    {
        ShouldPass("""{"minimum": 0, "exclusiveMinimum": false}""", "0");
        ShouldFailAt("""{"minimum": 0, "exclusiveMinimum": false}""", "-1", string.Empty);
    }

    [Fact]
    public void Multiple_of_accepts_exact_multiples()
    {
        ShouldPass("""{"multipleOf": 0.5}""", "1.5");
        ShouldFailAt("""{"multipleOf": 0.5}""", "1.3", string.Empty).Message.Should().Contain("multiple of 0.5");
        ShouldPass("""{"multipleOf": 3}""", "-9");
        ShouldFailAt("""{"multipleOf": 3}""", "10", string.Empty);
    }

    [Fact]
    public void Multiple_of_is_exact_for_decimal_fractions()
    {
        // 0.3 / 0.1 is not a whole number in binary floating point; it must still count as a multiple.
        ShouldPass("""{"multipleOf": 0.1}""", "0.3");
        ShouldPass("""{"multipleOf": 0.01}""", "19.99");
    }

    // ---- strings ----

    [Fact]
    public void Min_and_max_length_count_characters()
    {
        const string schema = """{"minLength": 2, "maxLength": 3}""";
        ShouldPass(schema, "\"ab\"");
        ShouldPass(schema, "\"abc\"");
        ShouldFailAt(schema, "\"a\"", string.Empty).Message.Should().Contain("at least 2");
        ShouldFailAt(schema, "\"abcd\"", string.Empty).Message.Should().Contain("at most 3");
        ShouldFailAt("""{"minLength": 1}""", "\"\"", string.Empty).Message.Should().Be("must not be empty");
        ShouldPass(schema, "12345");
    }

    [Fact]
    public void String_length_counts_code_points_not_utf16_units()
    {
        // U+1F600 is one code point but two UTF-16 units.
        ShouldPass("""{"maxLength": 1}""", "\"\\ud83d\\ude00\"");
        ShouldFailAt("""{"minLength": 2}""", "\"\\ud83d\\ude00\"", string.Empty);
        ShouldPass("""{"minLength": 3, "maxLength": 3}""", "\"a\\ud83d\\ude00\u00e9\"");
    }

    [Theory]
    [InlineData("""{"minLength": 1}""")]
    [InlineData("""{"pattern": "^a"}""")]
    [InlineData("""{"format": "date"}""")]
    public void Lone_surrogate_in_a_value_gets_a_verdict_or_a_schema_evaluation_exception(string schema)
    {
        // System.Text.Json accepts the escape "\ud800" (an admission request may carry it) but GetString() throws on it.
        var compiled = Compile(schema);
        var thrown = Record.Exception(() => { compiled.Validate(Parse("\"\\ud800\""), new ValidationContext()); });
        if (thrown is not null)
        {
            thrown.Should().BeOfType<SchemaEvaluationException>();
        }
    }

    [Fact]
    public void Pattern_searches_anywhere_unless_anchored()
    {
        ShouldPass("""{"pattern": "latest"}""", "\"nginx:latest\"");
        ShouldPass("""{"pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"}""", "\"web-1\"");
        ShouldFailAt("""{"pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"}""", "\"web-\"", string.Empty)
            .Message.Should().Contain("pattern");
        ShouldPass("""{"pattern": "^[a-z]+$"}""", "5");
    }

    [Fact]
    public void Pattern_digit_class_matches_only_ascii_digits_as_in_ecma262()
    {
        // JSON Schema patterns are ECMA-262 (and Kubernetes uses RE2): \d is [0-9]. An Arabic-Indic three must not pass.
        ShouldFailAt("""{"pattern": "^\\d+$"}""", "\"\u0663\"", string.Empty);
    }

    // ---- format ----

    [Theory]
    [InlineData("2024-02-29")]
    [InlineData("1999-12-31")]
    public void Format_date_accepts_calendar_dates(string date) =>
        ShouldPass("""{"format": "date"}""", $"\"{date}\"");

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("2024-1-5")]
    [InlineData("2024-01-05T00:00:00Z")]
    [InlineData("05/01/2024")]
    [InlineData("tomorrow")]
    public void Format_date_rejects_other_strings(string date) =>
        ShouldFailAt("""{"format": "date"}""", $"\"{date}\"", string.Empty).Message.Should().Contain("date");

    [Theory]
    [InlineData("2024-01-15T10:00:00Z")]
    [InlineData("2024-01-15T10:00:00.123Z")]
    [InlineData("2024-01-15T10:00:00+02:00")]
    public void Format_date_time_accepts_rfc3339_timestamps(string timestamp) =>
        ShouldPass("""{"format": "date-time"}""", $"\"{timestamp}\"");

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2024-13-01T00:00:00Z")]
    public void Format_date_time_rejects_non_timestamps(string timestamp) =>
        ShouldFailAt("""{"format": "date-time"}""", $"\"{timestamp}\"", string.Empty);

    [Theory]
    [InlineData("2024-01-15")]
    [InlineData("10:00")]
    [InlineData("1/15/2024 10:00")]
    [InlineData("2024-01-15T10:00:00")]
    public void Format_date_time_requires_an_rfc3339_date_and_time(string timestamp) =>
        ShouldFailAt("""{"format": "date-time"}""", $"\"{timestamp}\"", string.Empty);

    [Fact]
    public void Format_int32_bounds_numbers_to_32_bits()
    {
        const string schema = """{"format": "int32"}""";
        ShouldPass(schema, "2147483647");
        ShouldPass(schema, "-2147483648");
        ShouldFailAt(schema, "2147483648", string.Empty).Message.Should().Contain("int32");
        ShouldFailAt(schema, "1.5", string.Empty);
        ShouldPass(schema, "\"not a number\"");
    }

    [Fact]
    public void Format_int64_bounds_numbers_to_64_bits()
    {
        ShouldPass("""{"format": "int64"}""", "9223372036854775807");
        ShouldFailAt("""{"format": "int64"}""", "9223372036854775808", string.Empty);
    }

    [Fact]
    public void Format_regex_accepts_only_valid_patterns()
    {
        ShouldPass("""{"format": "regex"}""", "\"^a+$\"");
        ShouldFailAt("""{"format": "regex"}""", "\"(unclosed\"", string.Empty);
    }

    [Fact]
    public void Format_ignores_values_of_other_types() =>
        ShouldPass("""{"format": "date"}""", "20240101");

    // ---- annotations ----

    [Fact]
    public void Annotations_are_accepted_and_change_nothing()
    {
        const string schema = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.test/s",
              "title": "t", "description": "d", "$comment": "c", "examples": ["x"], "default": "y",
              "readOnly": false, "writeOnly": false, "deprecated": false,
              "x-foo": {"anything": [1, 2]}, "x-kubernetes-preserve-unknown-fields": true,
              "type": "string"
            }
            """;
        ShouldPass(schema, "\"x\"");
        ShouldFailAt(schema, "1", string.Empty);
    }

    [Fact]
    public void Empty_schema_accepts_everything() =>
        ShouldPass("{}", """{"anything": [1, "two", null]}""");
}
