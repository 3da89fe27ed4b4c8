using System.Text;

namespace Guardrails.Yaml.Tests;

/// <summary>Hostile input must end in a <see cref="DocumentError"/>, never in an exception, a hang or a crash.</summary>
public sealed class HostileYamlTests
{
    private static DocumentError ErrorOf(string yaml, YamlReadLimits? limits = null)
    {
        var documents = YamlDocumentReader.Read(yaml, limits);
        documents.Should().ContainSingle();
        documents[0].Root.Should().BeNull();
        documents[0].Error.Should().NotBeNull();
        return documents[0].Error!;
    }

    /// <summary>The classic "billion laughs": each level refers to the one before it ten times.</summary>
    private static string AliasBomb(int levels, int references)
    {
        var text = new StringBuilder();
        text.Append("a0: &a0 [").AppendJoin(", ", Enumerable.Repeat("\"lol\"", references)).Append("]\n");
        for (var level = 1; level <= levels; level++)
        {
            text.Append($"a{level}: &a{level} [").AppendJoin(", ", Enumerable.Repeat($"*a{level - 1}", references)).Append("]\n");
        }

        return text.ToString();
    }

    [Fact]
    public void Billion_laughs_is_stopped_by_the_value_limit()
    {
        var bomb = AliasBomb(levels: 9, references: 10);
        bomb.Length.Should().BeLessThan(1000, "the bomb is small text that expands to 10^10 values");

        var error = ErrorOf(bomb);

        error.Message.Should().Contain("1,000,000").And.Contain("values");
        error.Position.Line.Should().BeInRange(1, 10);
    }

    [Fact]
    public void Value_limit_is_configurable()
    {
        var bomb = AliasBomb(levels: 3, references: 10);

        YamlDocumentReader.Read(bomb).Single().Error.Should().BeNull("about 12,000 values are well within the default limit");
        ErrorOf(bomb, new YamlReadLimits { MaxNodes = 1000 }).Message.Should().Contain("1,000");
    }

    [Fact]
    public void Alias_bomb_of_long_strings_is_stopped_by_the_byte_limit()
    {
        var text = "s: &s \"" + new string('x', 10_000) + "\"\n"
            + "l1: &l1 [*s, *s, *s, *s, *s, *s, *s, *s, *s, *s]\n"
            + "l2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]\n"
            + "l3: [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]\n";

        ErrorOf(text, new YamlReadLimits { MaxJsonBytes = 1024 * 1024 }).Message.Should().Contain("1 MiB");
    }

    [Fact]
    public void Bomb_in_one_document_does_not_hide_the_next()
    {
        var documents = YamlDocumentReader.Read(AliasBomb(9, 10) + "---\nkind: Pod\n");
        documents.Should().HaveCount(2);
        documents[0].Error.Should().NotBeNull();
        documents[1].Root!.Value.GetProperty("kind").GetString().Should().Be("Pod");
    }

    [Theory]
    [InlineData("a: &x\n  b: *x\n")]
    [InlineData("&x [*x]\n")]
    [InlineData("a: &x\n  - b:\n      c: *x\n")]
    [InlineData("&x {k: [1, {j: *x}]}\n")]
    public void Recursive_alias_is_an_error(string yaml) =>
        ErrorOf(yaml).Message.Should().Contain("recursive");

    [Fact]
    public void Flow_sequences_nested_ten_thousand_deep_are_a_depth_error()
    {
        var error = ErrorOf(new string('[', 10_000) + new string(']', 10_000));
        error.Message.Should().Contain("deeper than 100");
        error.Position.Line.Should().Be(1);
    }

    [Fact]
    public void Unclosed_flow_nesting_ten_thousand_deep_is_a_depth_error() =>
        ErrorOf(new string('[', 10_000)).Message.Should().Contain("deeper than 100");

    [Fact]
    public void Flow_mappings_nested_ten_thousand_deep_are_a_depth_error() =>
        ErrorOf(string.Concat(Enumerable.Repeat("{a: ", 10_000)) + "1" + new string('}', 10_000))
            .Message.Should().Contain("deeper than 100");

    [Fact]
    public void Block_sequences_nested_ten_thousand_deep_are_a_depth_error() =>
        ErrorOf(string.Concat(Enumerable.Repeat("- ", 10_000)) + "x\n").Message.Should().Contain("deeper than 100");

    [Fact]
    public void Block_mappings_nested_past_the_limit_are_a_depth_error()
    {
        var text = new StringBuilder();
        for (var depth = 0; depth < 150; depth++)
        {
            text.Append(' ', depth).Append("a:\n");
        }

        ErrorOf(text.ToString()).Message.Should().Contain("deeper than 100");
    }

    [Fact]
    public void Nesting_of_exactly_the_limit_is_accepted_and_one_more_is_not()
    {
        YamlDocumentReader.Read(new string('[', 100) + new string(']', 100)).Single().Error.Should().BeNull();
        ErrorOf(new string('[', 101) + new string(']', 101)).Message.Should().Contain("100");
    }

    [Fact]
    public void Depth_limit_is_configurable() =>
        ErrorOf("a:\n  b:\n    c:\n      d: 1\n", new YamlReadLimits { MaxDepth = 2 }).Message.Should().Contain("deeper than 2");

    [Fact]
    public void Aliases_cannot_smuggle_depth_past_the_limit()
    {
        // Each alias reuses a 60-deep anchor inside another 60-deep structure: 120 levels in total.
        var deep = new string('[', 60) + new string(']', 60);
        var text = $"a: &d {deep}\nb: {new string('[', 59)}*d{new string(']', 59)}\n";

        ErrorOf(text).Message.Should().Contain("deeper than 100");
    }

    [Fact]
    public void Fifty_megabyte_document_is_stopped_by_the_byte_limit()
    {
        var line = "  - " + new string('x', 1000) + "\n";
        var text = new StringBuilder("items:\n", 51_000_000);
        while (text.Length < 50_000_000)
        {
            text.Append(line);
        }

        var error = ErrorOf(text.ToString(), new YamlReadLimits { MaxJsonBytes = 1024 * 1024 });

        error.Message.Should().Contain("1 MiB");
        error.Position.Line.Should().BeInRange(1000, 1100, "the limit is hit after about a thousand 1 kB items");
    }

    [Fact]
    public void Document_just_under_the_byte_limit_is_accepted()
    {
        var text = "items:\n" + string.Concat(Enumerable.Repeat("  - " + new string('x', 1000) + "\n", 500));
        var documents = YamlDocumentReader.Read(text, new YamlReadLimits { MaxJsonBytes = 1024 * 1024 });
        documents.Single().Error.Should().BeNull();
        documents[0].Root!.Value.GetProperty("items").GetArrayLength().Should().Be(500);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Binary_garbage_is_an_error_not_an_exception(int seed)
    {
        var bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);
        var text = Encoding.Latin1.GetString(bytes);

        var documents = YamlDocumentReader.Read(text);

        documents.Should().NotBeEmpty();
        documents.Should().Contain(d => d.Error != null);
    }

    [Theory]
    [InlineData("!![ =b\n")]
    [InlineData("...\n!\n")]
    [InlineData("\t : {\n>} ")]
    [InlineData("b: [1, 2\nc: 3\n")]
    [InlineData("a: \"\\ud800\"\n")]
    [InlineData("\"\\udc00\": 1\n")]
    public void Malformed_input_is_an_error_not_an_exception(string yaml)
    {
        IReadOnlyList<SourceDocument>? documents = null;

        var act = () => documents = YamlDocumentReader.Read(yaml);

        act.Should().NotThrow();
        documents.Should().Contain(d => d.Error != null);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e999")]
    [InlineData("2e308")]
    public void Float_out_of_double_range_is_a_string_or_an_error_never_an_exception(string scalar)
    {
        // go-yaml v2 keeps such a scalar as a string (ParseFloat fails with ErrRange); an error would also be safe.
        IReadOnlyList<SourceDocument>? documents = null;

        var act = () => documents = YamlDocumentReader.Read($"kind: Pod\nweight: {scalar}\n---\nkind: Next\n");

        act.Should().NotThrow();
        documents.Should().HaveCount(2);
        if (documents![0].Error is null)
        {
            documents[0].Root!.Value.GetProperty("weight").GetString().Should().Be(scalar);
        }

        documents[1].Root!.Value.GetProperty("kind").GetString().Should().Be("Next");
    }

    [Fact]
    public void Float_with_hundreds_of_digits_is_a_string_or_an_error_never_an_exception()
    {
        var scalar = "1" + new string('0', 400) + ".5";
        var act = () => YamlDocumentReader.Read($"v: {scalar}\n");
        act.Should().NotThrow();
    }

    [Theory]
    [InlineData("? {a: 1}\n: v\n")]
    [InlineData("? [a, b]\n: v\n")]
    [InlineData("{[a]: 1}\n")]
    [InlineData("m: &m {a: 1}\n*m : v\n")]
    public void Key_that_is_not_a_scalar_is_an_error(string yaml)
    {
        var error = ErrorOf(yaml);
        error.Message.Should().Contain("key").And.Contain("scalar");
    }

    [Fact]
    public void Key_that_is_a_mapping_is_reported_at_the_key()
    {
        var error = ErrorOf("kind: Pod\nspec:\n  ? {a: 1}\n  : v\n");
        error.Position.Line.Should().Be(3);
    }

    [Fact]
    public void Many_small_documents_are_all_read()
    {
        var text = string.Concat(Enumerable.Range(0, 5000).Select(i => $"---\ni: {i}\n"));
        var documents = YamlDocumentReader.Read(text);
        documents.Should().HaveCount(5000);
        documents[4999].Root!.Value.GetProperty("i").GetInt32().Should().Be(4999);
        documents[4999].Map.Find("/i")!.Value.Line.Should().Be(10_000);
    }

    [Fact]
    public void Byte_order_mark_is_not_part_of_the_first_key()
    {
        // Encoding.UTF8.GetString keeps a BOM; kubectl skips it.
        YamlDocumentReader.Read("\uFEFFa: 1\n").Single().Root!.Value.GetRawText().Should().Be("""{"a":1}""");
        var documents = YamlDocumentReader.Read("\uFEFF---\na: 1\n---\nb: 2\n");
        documents.Should().HaveCount(2);
        documents.Should().OnlyContain(d => d.Error == null);
    }

    [Fact]
    public void An_oversized_document_is_refused_before_parsing_and_its_neighbours_are_read()
    {
        var huge = "kind: ConfigMap\ndata:\n  blob: " + new string('x', 2000) + "\n";
        var documents = YamlDocumentReader.Read("a: 1\n---\n" + huge + "---\nb: 2\n", new YamlReadLimits { MaxDocumentChars = 1000 });

        documents.Should().HaveCount(3);
        documents[0].Root!.Value.GetProperty("a").GetInt32().Should().Be(1);
        documents[1].Error!.Message.Should().Be("the document is 2,035 characters long, more than the limit of 1,000");
        documents[1].Error!.Position.Should().Be(new SourcePosition(2, 1));
        documents[2].Root!.Value.GetProperty("b").GetInt32().Should().Be(2);
    }
}
