using System.Text;
using System.Text.Json;

namespace Guardrails.Yaml.Tests;

/// <summary>A stream read in parts (on several threads, by <c>guardrails check</c>) must read exactly as the whole.</summary>
public sealed class YamlTextPartTests
{
    private const string Mixed = "\uFEFF# leading comment\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\n--- # empty and explicit\n"
        + "kind: List\nitems:\n  - &x {name: b}\n  - *x\n---\nbroken: [\n---\n\n---\nnote: |\n  text\n  ---not a marker\nother: 'q'\n"
        + "--- plain root\n---\nkey: value\nkey: again\n---\n...\n---\nlast: 1";

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(60)]
    [InlineData(100_000)]
    public void Parts_read_exactly_as_the_whole_stream(int partChars)
    {
        var text = new StringBuilder(Mixed);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "examples"), "*.yaml").Order(StringComparer.Ordinal))
        {
            text.Append("\n---\n").Append(File.ReadAllText(file));
        }

        AssertSame(text.ToString(), partChars);
    }

    [Fact]
    public void The_benchmark_corpus_shape_reads_the_same_in_parts()
    {
        var deployment = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Guardrails.Benchmarks", "deployment-noncompliant.yaml"));
        var text = string.Join("---\n", Enumerable.Repeat(deployment, 40));

        YamlDocumentReader.Partition(text, 32 * 1024).Should().HaveCountGreaterThan(5);
        AssertSame(text, 32 * 1024);
    }

    private static void AssertSame(string text, int partChars)
    {
        var whole = YamlDocumentReader.Read(text);
        var parts = YamlDocumentReader.Partition(text, partChars);
        parts.Should().OnlyContain(p => p.Text.Length > 0);
        string.Concat(parts.Select(p => p.Text)).Should().Be(text.TrimStart('\uFEFF'));

        var pieced = parts.SelectMany(p => YamlDocumentReader.Read(p)).ToList();
        pieced.Should().HaveCount(whole.Count);
        pieced.Select(Describe).Should().Equal(whole.Select(Describe));
    }

    private static string Unindexed(string description) => description[(description.IndexOf(':', StringComparison.Ordinal) + 1)..];

    private static string Describe(SourceDocument document)
    {
        var builder = new StringBuilder().Append('#').Append(document.Index).Append(':');
        builder.Append(document.Start).Append(' ').Append(document.Error?.ToString() ?? "ok").Append(' ');
        if (document.Root is { } root)
        {
            builder.Append(root.GetRawText());
            foreach (var pointer in Pointers(root, string.Empty))
            {
                builder.Append('\n').Append(pointer).Append(" @ ").Append(document.Map.Find(pointer));
            }
        }

        return Unindexed(builder.ToString());
    }

    private static IEnumerable<string> Pointers(JsonElement element, string pointer)
    {
        yield return pointer;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    foreach (var inner in Pointers(member.Value, $"{pointer}/{member.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}"))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var inner in Pointers(item, $"{pointer}/{index++}"))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }
}
