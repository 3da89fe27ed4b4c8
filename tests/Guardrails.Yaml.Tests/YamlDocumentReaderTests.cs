using System.Text.Json;

namespace Guardrails.Yaml.Tests;

public sealed class YamlDocumentReaderTests
{
    private static SourceDocument Single(string yaml)
    {
        var documents = YamlDocumentReader.Read(yaml);
        documents.Should().ContainSingle();
        return documents[0];
    }

    private static JsonElement Root(string yaml)
    {
        var document = Single(yaml);
        document.Error.Should().BeNull();
        document.Root.Should().NotBeNull();
        return document.Root!.Value;
    }

    private static string Json(string yaml) => Root(yaml).GetRawText();

    private static DocumentError Error(string yaml)
    {
        var document = Single(yaml);
        document.Error.Should().NotBeNull("the document is invalid:\n{0}", yaml);
        document.Root.Should().BeNull();
        return document.Error!;
    }

    // ---- multiple documents and positions ----

    private const string TwoPods = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: nginx
            - name: sidecar
              image: envoy
        ---
        # the second one
        apiVersion: v1
        kind: Pod
        metadata:
          name: db
        """;

    [Fact]
    public void Multiple_documents_are_read_in_order_with_indices()
    {
        var documents = YamlDocumentReader.Read(TwoPods);

        documents.Should().HaveCount(2);
        documents.Select(d => d.Index).Should().Equal(0, 1);
        documents.Select(d => d.Root!.Value.GetProperty("metadata").GetProperty("name").GetString()).Should().Equal("web", "db");
        documents.Should().OnlyContain(d => d.Error == null && !d.IsEmpty);
    }

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("/apiVersion", 1, 1)]
    [InlineData("/metadata", 3, 1)]
    [InlineData("/metadata/name", 4, 3)]
    [InlineData("/spec/containers", 6, 3)]
    [InlineData("/spec/containers/0", 7, 7)]
    [InlineData("/spec/containers/0/image", 8, 7)]
    [InlineData("/spec/containers/1", 9, 7)]
    [InlineData("/spec/containers/1/name", 9, 7)]
    [InlineData("/spec/containers/1/image", 10, 7)]
    public void Source_map_gives_the_line_of_each_key_and_item(string pointer, int line, int column)
    {
        var document = YamlDocumentReader.Read(TwoPods)[0];
        document.Map.TryGetExact(pointer, out var position).Should().BeTrue();
        position.Should().Be(new SourcePosition(line, column));
    }

    [Fact]
    public void Lines_in_later_documents_count_from_the_start_of_the_file()
    {
        var second = YamlDocumentReader.Read(TwoPods)[1];
        second.Map.Find("/kind").Should().Be(new SourcePosition(14, 1));
        second.Map.Find("/metadata/name").Should().Be(new SourcePosition(16, 3));
        second.Start.Line.Should().BeInRange(11, 13);
    }

    [Fact]
    public void Find_falls_back_to_the_nearest_existing_parent()
    {
        var map = YamlDocumentReader.Read(TwoPods)[0].Map;
        map.Find("/spec/containers/0/resources/limits").Should().Be(new SourcePosition(7, 7));
        map.Find("/spec/securityContext").Should().Be(new SourcePosition(5, 1));
        map.Find("/status").Should().Be(new SourcePosition(1, 1));
        map.TryGetExact("/spec/securityContext", out _).Should().BeFalse();
    }

    [Fact]
    public void Source_map_keys_are_escaped_json_pointers()
    {
        var document = Single("""
            metadata:
              labels:
                app.kubernetes.io/name: web
                a~b: x
            """);
        document.Map.TryGetExact("/metadata/labels/app.kubernetes.io~1name", out var label).Should().BeTrue();
        label.Line.Should().Be(3);
        document.Map.TryGetExact("/metadata/labels/a~0b", out var tilde).Should().BeTrue();
        tilde.Line.Should().Be(4);
    }

    [Fact]
    public void Merged_keys_and_aliases_point_at_where_they_are_written()
    {
        var document = Single("""
            base: &base
              cpu: 1
              memory: 2
            limits:
              <<: *base
              memory: 3
            copy: *base
            """);
        var map = document.Map;
        map.Find("/limits/cpu").Should().Be(new SourcePosition(2, 3), "a merged key keeps the position of its definition");
        map.Find("/limits/memory").Should().Be(new SourcePosition(6, 3), "the explicit key wins over the merged one");
        map.Find("/copy").Should().Be(new SourcePosition(7, 1));
        map.Find("/copy/memory").Should().Be(new SourcePosition(3, 3));
        map.Find("/base/memory").Should().Be(new SourcePosition(3, 3));
    }

    [Theory]
    [InlineData("/items/01")]
    [InlineData("/items/-1")]
    [InlineData("/items/2")]
    [InlineData("/items/x")]
    [InlineData("/items/")]
    [InlineData("/items/0/name/deeper")]
    public void Pointers_that_leave_the_document_fall_back_to_the_last_value_on_their_path(string pointer)
    {
        var document = Single("""
            items:
              - name: a
              - name: b
            """);
        document.Map.TryGetExact(pointer, out _).Should().BeFalse();
        document.Map.Find(pointer)!.Value.Line.Should().Be(pointer.StartsWith("/items/0/", StringComparison.Ordinal) ? 2 : 1);
    }

    [Fact]
    public void Every_value_of_a_real_manifest_points_at_its_own_line()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Guardrails.Benchmarks", "deployment-noncompliant.yaml"));
        var lines = text.Split('\n');
        var document = YamlDocumentReader.Read(text).Should().ContainSingle().Subject;
        var checkedValues = 0;
        Walk(document.Root!.Value, string.Empty, null);
        checkedValues.Should().BeGreaterThan(200);

        void Walk(JsonElement element, string pointer, string? key)
        {
            document.Map.TryGetExact(pointer, out var position).Should().BeTrue(pointer);
            var line = lines[position.Line - 1];
            if (key is not null)
            {
                line[(position.Column - 1)..].Should().StartWith(key, "the value at {0} is written after its key", pointer);
            }
            else if (pointer.Length > 0)
            {
                line[..(position.Column - 1)].TrimEnd().Should().Match(before => before.EndsWith('-') || before.EndsWith('[') || before.EndsWith(','),
                    "the item at {0} is written after its dash or in a flow list", pointer);
            }

            checkedValues++;
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var member in element.EnumerateObject())
                    {
                        Walk(member.Value, $"{pointer}/{member.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}", member.Name);
                    }

                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item, $"{pointer}/{index++}", null);
                    }

                    break;
            }
        }
    }

    [Fact]
    public void Positions_can_be_turned_off()
    {
        var documents = YamlDocumentReader.Read(TwoPods, trackPositions: false);
        documents.Should().HaveCount(2);
        documents[0].Root.Should().NotBeNull();
        documents[0].Map.Find("/metadata/name").Should().BeNull();
    }

    [Fact]
    public void Flow_style_positions_give_columns()
    {
        var document = Single("ports: [{containerPort: 80}, {containerPort: 443}]\n");
        document.Map.Find("/ports/1/containerPort").Should().Be(new SourcePosition(1, 31));
        document.Map.Find("/ports/1").Should().Be(new SourcePosition(1, 30));
    }

    // ---- broken and empty documents ----

    [Theory]
    [InlineData("b: : :\n", "Mapping values")]
    [InlineData("b: \"unterminated\n", "quoted scalar")]
    [InlineData("b: 1\n c: 2\n", "invalid YAML")]
    [InlineData("b: [1, 2\n", "flow sequence")]
    [InlineData("b: &x 1\nc: *y\n", "*y")]
    public void Broken_middle_document_is_reported_with_its_line_and_neighbours_still_parse(string broken, string messagePart)
    {
        var text = "a: 1\n---\n" + broken + "---\nd: 4\n";

        var documents = YamlDocumentReader.Read(text);

        documents.Should().HaveCount(3);
        documents[0].Root!.Value.GetRawText().Should().Be("""{"a":1}""");
        documents[2].Root!.Value.GetRawText().Should().Be("""{"d":4}""");
        documents[2].Map.Find("/d")!.Value.Line.Should().Be(4 + broken.Count(c => c == '\n'));
        var error = documents[1].Error;
        error.Should().NotBeNull();
        documents[1].Root.Should().BeNull();
        error!.Position.Line.Should().BeInRange(3, 2 + broken.Count(c => c == '\n') + 1, "the error is inside the broken document (lines 3 and on)");
        error.Message.Should().Contain(messagePart);
        documents.Select(d => d.Index).Should().Equal(0, 1, 2);
    }

    [Fact]
    public void Unclosed_flow_sequence_followed_by_more_keys_is_a_document_error_not_an_exception()
    {
        // YamlDotNet throws InvalidOperationException (not YamlException) on this input.
        var text = "a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n";

        var documents = YamlDocumentReader.Read(text);

        documents.Should().HaveCount(3);
        documents[1].Error.Should().NotBeNull();
        documents[1].Error!.Position.Line.Should().BeInRange(3, 4);
        documents[2].Root!.Value.GetRawText().Should().Be("""{"d":4}""");
    }

    [Fact]
    public void Syntax_error_position_is_line_and_column_in_the_file()
    {
        var documents = YamlDocumentReader.Read("a: 1\nb: c: d\n---\nx: 1\n---\na: 1\nb: c: d\n");

        documents.Should().HaveCount(3);
        documents[0].Error!.Position.Should().Be(new SourcePosition(2, 5));
        documents[0].Error!.Message.Should().StartWith("invalid YAML").And.NotContain("Line:");
        documents[1].Error.Should().BeNull();
        documents[2].Error!.Position.Should().Be(new SourcePosition(7, 5));
        documents[2].Start.Line.Should().Be(5);
    }

    [Fact]
    public void Several_broken_documents_are_each_reported()
    {
        var documents = YamlDocumentReader.Read("a: [\n---\nb: 1\n---\nc: {\n");
        documents.Should().HaveCount(3);
        documents[0].Error.Should().NotBeNull();
        documents[1].Root!.Value.GetRawText().Should().Be("""{"b":1}""");
        documents[2].Error.Should().NotBeNull();
        documents[2].Error!.Position.Line.Should().BeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public void Empty_text_has_no_documents() =>
        YamlDocumentReader.Read(string.Empty).Should().BeEmpty();

    [Fact]
    public void Comment_only_text_has_no_documents() =>
        YamlDocumentReader.Read("# nothing here\n\n").Should().BeEmpty();

    [Theory]
    [InlineData("---\n")]
    [InlineData("---\n# only a comment\n")]
    [InlineData("---\n\n\n")]
    public void Explicit_empty_document_is_empty(string text)
    {
        var document = YamlDocumentReader.Read(text).Should().ContainSingle().Subject;
        document.Error.Should().BeNull();
        document.Root.Should().BeNull("an empty document has no value, not a JSON null");
        document.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Empty_documents_between_others_keep_their_index()
    {
        var documents = YamlDocumentReader.Read("a: 1\n---\n---\n# comment\n---\nb: 2\n");
        documents.Should().HaveCount(4);
        documents[1].IsEmpty.Should().BeTrue();
        documents[2].IsEmpty.Should().BeTrue();
        documents[3].Index.Should().Be(3);
        documents[3].Root!.Value.GetRawText().Should().Be("""{"b":2}""");
    }

    [Fact]
    public void Leading_separator_does_not_create_an_extra_document()
    {
        var documents = YamlDocumentReader.Read("---\na: 1\n---\nb: 2\n");
        documents.Should().HaveCount(2);
        documents[0].Map.Find("/a")!.Value.Line.Should().Be(2);
        documents[1].Map.Find("/b")!.Value.Line.Should().Be(4);
    }

    [Fact]
    public void Separator_must_start_at_column_zero_and_stand_alone()
    {
        // "----" and an indented "---" inside a block scalar are content, not separators.
        var document = Single("a: |\n  ---\n  text\nb: ----\n");
        document.Root!.Value.GetProperty("a").GetString().Should().Be("---\ntext\n");
        document.Root!.Value.GetProperty("b").GetString().Should().Be("----");
    }

    [Fact]
    public void Separator_may_carry_a_comment()
    {
        var documents = YamlDocumentReader.Read("a: 1\n--- # next\nb: 2\n");
        documents.Should().HaveCount(2);
        documents[1].Root!.Value.GetRawText().Should().Be("""{"b":2}""");
    }

    [Fact]
    public void Document_end_marker_is_honoured()
    {
        var documents = YamlDocumentReader.Read("a: 1\n...\n---\nb: 2\n");
        documents.Should().HaveCount(2);
        documents[1].Map.Find("/b")!.Value.Line.Should().Be(4);
    }

    // ---- YAML 1.1 scalar resolution, as kubectl does it ----

    [Theory]
    [InlineData("yes", "true")]
    [InlineData("Yes", "true")]
    [InlineData("YES", "true")]
    [InlineData("y", "true")]
    [InlineData("Y", "true")]
    [InlineData("on", "true")]
    [InlineData("ON", "true")]
    [InlineData("true", "true")]
    [InlineData("True", "true")]
    [InlineData("no", "false")]
    [InlineData("n", "false")]
    [InlineData("off", "false")]
    [InlineData("Off", "false")]
    [InlineData("FALSE", "false")]
    [InlineData("~", "null")]
    [InlineData("null", "null")]
    [InlineData("Null", "null")]
    [InlineData("", "null")]
    [InlineData("42", "42")]
    [InlineData("-17", "-17")]
    [InlineData("+5", "5")]
    [InlineData("0", "0")]
    [InlineData("1_000", "1000")]
    [InlineData("0777", "511")]
    [InlineData("0o17", "15")]
    [InlineData("0x1F", "31")]
    [InlineData("-0x1F", "-31")]
    [InlineData("0b1010", "10")]
    [InlineData("08", "8")]
    [InlineData("3.25", "3.25")]
    [InlineData(".5", "0.5")]
    [InlineData("-.5", "-0.5")]
    [InlineData("1e3", "1000")]
    [InlineData("1.5E-2", "0.015")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("99999999999999999999", "99999999999999999999")]
    public void Plain_scalars_resolve_by_yaml_1_1_rules(string scalar, string json)
    {
        var value = Root($"v: {scalar}\n").GetProperty("v");
        value.GetRawText().Should().Be(json);
    }

    [Theory]
    [InlineData("0X1F", "31")]
    [InlineData("0B101", "5")]
    [InlineData("0O17", "15")]
    public void Upper_case_radix_prefixes_resolve_as_integers_like_go_strconv(string scalar, string json) =>
        Root($"v: {scalar}\n").GetProperty("v").GetRawText().Should().Be(json);

    [Theory]
    [InlineData("\"yes\"", "yes")]
    [InlineData("'no'", "no")]
    [InlineData("\"on\"", "on")]
    [InlineData("\"42\"", "42")]
    [InlineData("'0777'", "0777")]
    [InlineData("\"1.0\"", "1.0")]
    [InlineData("\"null\"", "null")]
    [InlineData("''", "")]
    [InlineData("!!str yes", "yes")]
    [InlineData("!!str 123", "123")]
    [InlineData("|\n  yes", "yes")]
    public void Quoted_and_tagged_scalars_stay_strings(string scalar, string text)
    {
        var value = Root($"v: {scalar}\n").GetProperty("v");
        value.ValueKind.Should().Be(JsonValueKind.String);
        value.GetString()!.TrimEnd('\n').Should().Be(text);
    }

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("1:30")]
    [InlineData("2001-12-14")]
    [InlineData("0x")]
    [InlineData("0xZZ")]
    [InlineData("-x")]
    [InlineData(".")]
    [InlineData("yes please")]
    [InlineData("nginx:1.25")]
    [InlineData("500m")]
    [InlineData("1Gi")]
    public void Other_plain_scalars_are_strings(string scalar)
    {
        var value = Root($"v: {scalar}\n").GetProperty("v");
        value.ValueKind.Should().Be(JsonValueKind.String);
        value.GetString().Should().Be(scalar);
    }

    [Theory]
    [InlineData("on", "true")]
    [InlineData("yes", "true")]
    [InlineData("off", "false")]
    [InlineData("0x10", "16")]
    public void Plain_keys_resolve_like_kubectl(string key, string jsonKey)
    {
        // sigs.k8s.io/yaml resolves keys by YAML 1.1 and writes booleans and numbers back as JSON key text.
        var root = Root($"{key}: value\n");
        root.EnumerateObject().Should().ContainSingle().Which.Name.Should().Be(jsonKey);
    }

    [Fact]
    public void Quoted_keys_stay_as_written() =>
        Json("\"on\": 1\n'yes': 2\n").Should().Be("""{"on":1,"yes":2}""");

    [Theory]
    [InlineData(".inf")]
    [InlineData("-.inf")]
    [InlineData("+.INF")]
    [InlineData(".nan")]
    [InlineData(".NaN")]
    public void Infinity_and_nan_are_errors_with_a_position(string scalar)
    {
        var error = Error($"kind: Pod\nspec:\n  weight: {scalar}\n");
        error.Message.Should().Contain(scalar).And.Contain("JSON");
        error.Position.Should().Be(new SourcePosition(3, 11));
    }

    [Theory]
    [InlineData("0xFFFFFFFFFFFFFFFF", "18446744073709551615")]
    [InlineData("0x8000000000000000", "9223372036854775808")]
    [InlineData("01777777777777777777777", "18446744073709551615")]
    public void Unsigned_64_bit_radix_integers_keep_their_value(string scalar, string json)
    {
        // go-yaml v2 falls back to ParseUint for these; they must never wrap around to negative numbers.
        var document = Single($"v: {scalar}\n");
        if (document.Error is null)
        {
            document.Root!.Value.GetProperty("v").GetRawText().Should().Be(json);
        }
        else
        {
            document.Error.Message.Should().Contain(scalar);
        }
    }

    // ---- duplicate keys, merge keys, anchors ----

    [Fact]
    public void Duplicate_key_is_an_error_naming_both_lines()
    {
        var error = Error("""
            apiVersion: v1
            spec:
              hostNetwork: false
              containers: []
              hostNetwork: true
            """);
        error.Message.Should().Contain("hostNetwork").And.Contain("line 3");
        error.Position.Line.Should().Be(5);
    }

    [Fact]
    public void Same_key_in_different_mappings_is_not_a_duplicate() =>
        Json("a:\n  name: web\nb:\n  name: db\n").Should().Be("""{"a":{"name":"web"},"b":{"name":"db"}}""");

    [Fact]
    public void Keys_that_differ_only_in_quoting_are_duplicates() =>
        Error("name: a\n\"name\": b\n").Message.Should().Contain("name");

    [Fact]
    public void Merge_key_copies_fields_and_explicit_fields_win()
    {
        var root = Root("""
            defaults: &defaults
              imagePullPolicy: Always
              image: nginx
            container:
              <<: *defaults
              image: envoy
              name: proxy
            """);
        var container = root.GetProperty("container");
        container.GetProperty("imagePullPolicy").GetString().Should().Be("Always");
        container.GetProperty("image").GetString().Should().Be("envoy");
        container.GetProperty("name").GetString().Should().Be("proxy");
        container.TryGetProperty("<<", out _).Should().BeFalse();
    }

    [Fact]
    public void Merge_key_with_a_list_gives_earlier_sources_precedence()
    {
        var root = Root("""
            a: &a {x: 1, w: 1}
            b: &b {w: 2, z: 2}
            c:
              <<: [*a, *b]
              z: 3
            """);
        root.GetProperty("c").GetRawText().Should().Be("""{"x":1,"w":1,"z":3}""");
    }

    [Fact]
    public void Merge_key_with_an_explicit_duplicate_of_a_merged_key_is_not_an_error() =>
        Json("a: &a {k: 1}\nb:\n  <<: *a\n  k: 2\n").Should().Be("""{"a":{"k":1},"b":{"k":2}}""");

    [Fact]
    public void Merge_key_of_a_scalar_is_an_error() =>
        Error("a:\n  <<: 1\n").Message.Should().Contain("<<");

    [Fact]
    public void Quoted_merge_key_is_an_ordinary_key() =>
        Root("a:\n  \"<<\": 1\n").GetProperty("a").GetProperty("<<").GetInt32().Should().Be(1);

    [Fact]
    public void Anchors_and_aliases_copy_values()
    {
        var root = Root("""
            base: &ports [80, 443]
            svc1: *ports
            svc2:
              - &name web
              - *name
            """);
        root.GetProperty("svc1").GetRawText().Should().Be("[80,443]");
        root.GetProperty("svc2").GetRawText().Should().Be("""["web","web"]""");
    }

    [Fact]
    public void Alias_to_an_undefined_anchor_is_an_error()
    {
        var error = Error("a: *missing\n");
        error.Message.Should().Contain("missing");
        error.Position.Line.Should().Be(1);
    }

    [Fact]
    public void Aliases_do_not_leak_between_documents()
    {
        var documents = YamlDocumentReader.Read("a: &x 1\n---\nb: *x\n");
        documents.Should().HaveCount(2);
        documents[0].Error.Should().BeNull();
        documents[1].Error.Should().NotBeNull();
    }

    // ---- other inputs ----

    [Fact]
    public void Json_input_is_read_as_is()
    {
        var document = Single("""
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "spec": {"containers": [{"name": "a", "image": "nginx", "ports": [{"containerPort": 8080}]}]},
              "flags": [true, false, null, 1.5e3, -0, "yes"]
            }
            """);
        document.Error.Should().BeNull();
        var root = document.Root!.Value;
        root.GetProperty("spec").GetProperty("containers")[0].GetProperty("ports")[0].GetProperty("containerPort").GetInt32().Should().Be(8080);
        root.GetProperty("flags").GetRawText().Should().Be("""[true,false,null,1500,0,"yes"]""");
        document.Map.Find("/spec/containers/0/name")!.Value.Line.Should().Be(4);
        document.Map.Find("/flags")!.Value.Line.Should().Be(5);
    }

    [Fact]
    public void Json_with_tab_indentation_and_escapes_is_read()
    {
        var root = Root("{\n\t\"a\": \"x\\/y\\u00e9\\n\",\n\t\"b\": [\n\t\t1\n\t]\n}\n");
        root.GetProperty("a").GetString().Should().Be("x/y\u00e9\n");
        root.GetProperty("b").GetRawText().Should().Be("[1]");
    }

    [Fact]
    public void Crlf_line_endings_split_documents_and_count_lines()
    {
        var documents = YamlDocumentReader.Read("a: 1\r\nb:\r\n  c: |\r\n    x\r\n    y\r\n---\r\nd:\r\n  - e\r\n");
        documents.Should().HaveCount(2);
        documents[0].Root!.Value.GetRawText().Should().Be("""{"a":1,"b":{"c":"x\ny\n"}}""");
        documents[0].Map.Find("/b/c")!.Value.Line.Should().Be(3);
        documents[1].Root!.Value.GetRawText().Should().Be("""{"d":["e"]}""");
        documents[1].Map.Find("/d/0").Should().Be(new SourcePosition(8, 5));
    }

    [Fact]
    public void Scalar_and_sequence_roots_are_documents()
    {
        var documents = YamlDocumentReader.Read("--- hello\n---\n- 1\n- 2\n");
        documents.Should().HaveCount(2);
        documents[0].Root!.Value.GetString().Should().Be("hello");
        documents[1].Root!.Value.GetRawText().Should().Be("[1,2]");
    }

    [Fact]
    public void Unicode_content_survives()
    {
        var root = Root("name: \"caf\u00e9 \U0001F600\"\nlabel: \u65e5\u672c\n");
        root.GetProperty("name").GetString().Should().Be("caf\u00e9 \U0001F600");
        root.GetProperty("label").GetString().Should().Be("\u65e5\u672c");
    }
}
