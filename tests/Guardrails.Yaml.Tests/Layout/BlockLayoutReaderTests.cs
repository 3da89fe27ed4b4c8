using System.Globalization;
using System.Text;
using Guardrails.Yaml.Layout;

namespace Guardrails.Yaml.Tests.Layout;

/// <summary>
/// <c>guardrails fix</c> lays out the documents it edits with the engine's block reader and falls back to YamlDotNet's
/// parser for what that reader declines: wherever the block reader accepts a document, its layout (every node's
/// offsets, style, value, anchor) must be the one YamlDotNet's parser gives, or the edits would land elsewhere.
/// </summary>
public sealed class BlockLayoutReaderTests
{
    [Fact]
    public void Every_yaml_document_in_the_repository_is_laid_out_as_YamlDotNet_lays_it_out()
    {
        var documents = RepositoryDocuments();
        documents.Should().HaveCountGreaterThan(200);

        var accepted = documents.Count(d => AgreesWithYamlDotNet(d.Text, d.Start, d.End));

        // Most manifests are plain block YAML; a reader that declined them all would prove nothing.
        accepted.Should().BeGreaterThan(documents.Count / 2);
    }

    [Fact]
    public void Mutated_repository_documents_are_laid_out_as_YamlDotNet_lays_them_out()
    {
        var random = new Random(1203);
        var sources = RepositoryDocuments().Select(d => d.Text[d.Start..d.End]).Where(t => BlockLayoutReader.Read(t, 0, t.Length, YamlReadLimits.Default) is not null).ToList();
        var accepted = 0;
        for (var i = 0; i < 5_000; i++)
        {
            // Within a longer text, so that offsets are counted from the document's start in the file.
            var prefix = "# before\n";
            var text = prefix + Mutate(sources[random.Next(sources.Count)], random);
            accepted += AgreesWithYamlDotNet(text, prefix.Length, text.Length) ? 1 : 0;
        }

        accepted.Should().BeGreaterThan(500);
    }

    [Theory]
    [InlineData("a:\n  b: |\n    text\n  c: d\n")]
    [InlineData("a: &x\n  b: c\nd: *x\n")]
    [InlineData("a: !!str b\n")]
    [InlineData("a:\n")]
    [InlineData("a: b\n...\n")]
    public void What_the_block_reader_declines_is_laid_out_by_YamlDotNet(string yaml)
    {
        BlockLayoutReader.Read(yaml, 0, yaml.Length, YamlReadLimits.Default).Should().BeNull();
        LayoutReader.Read(yaml, 0, yaml.Length).Should().NotBeNull();
    }

    [Fact]
    public void Offsets_count_from_the_start_of_the_file()
    {
        const string text = "x: 1\n---\nspec:\n  labels: {app: web}\n  name: 'web'\n";
        var start = text.IndexOf("---", StringComparison.Ordinal);

        var layout = BlockLayoutReader.Read(text, start, text.Length, YamlReadLimits.Default)!;

        var spec = (LayoutMapping)((LayoutMapping)layout.Root!).Entries[0].Value;
        var labels = (LayoutMapping)spec.Entries[0].Value;
        text[labels.Start..labels.End].Should().Be("{app: web}");
        labels.Flow.Should().BeTrue();
        var name = (LayoutScalar)spec.Entries[1].Value;
        text[name.Start..name.End].Should().Be("'web'");
        name.Value.Should().Be("web");
    }

    private static bool AgreesWithYamlDotNet(string text, int start, int end)
    {
        var fast = BlockLayoutReader.Read(text, start, end, YamlReadLimits.Default);
        if (fast is null)
        {
            return false;
        }

        var expected = LayoutReader.Read(text, start, end);
        expected.Should().NotBeNull("the block reader accepted a document YamlDotNet's parser refuses:\n{0}", text[start..end]);
        Describe(fast.Root).Should().Be(Describe(expected!.Root), "the layouts of this document differ:\n{0}", text[start..end]);
        fast.AliasedAnchors.Should().BeEquivalentTo(expected.AliasedAnchors);
        return true;
    }

    private static string Describe(LayoutNode? node)
    {
        var text = new StringBuilder();
        Describe(node, text, 0);
        return text.ToString();
    }

    private static void Describe(LayoutNode? node, StringBuilder text, int depth)
    {
        text.Append(' ', 2 * depth);
        switch (node)
        {
            case null:
                text.Append("(none)\n");
                break;
            case LayoutScalar s:
                text.Append(CultureInfo.InvariantCulture, $"scalar {s.Start}..{s.End} &{s.Anchor} {s.Style} tagged={s.Tagged} [{s.Value}]\n");
                break;
            case LayoutAlias a:
                text.Append(CultureInfo.InvariantCulture, $"alias {a.Start}..{a.End}\n");
                break;
            case LayoutMapping m:
                text.Append(CultureInfo.InvariantCulture, $"mapping {m.Start}..{m.End} &{m.Anchor} flow={m.Flow}\n");
                foreach (var (key, value) in m.Entries)
                {
                    Describe(key, text, depth + 1);
                    Describe(value, text, depth + 2);
                }

                break;
            case LayoutSequence q:
                text.Append(CultureInfo.InvariantCulture, $"sequence {q.Start}..{q.End} &{q.Anchor} flow={q.Flow}\n");
                foreach (var item in q.Items)
                {
                    Describe(item, text, depth + 1);
                }

                break;
        }
    }

    // Every document of every YAML file in the repository, split at its document markers as the reader splits a file.
    private static List<(string Text, int Start, int End)> RepositoryDocuments() =>
        [.. new[] { "examples", "policies", "tests" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, folder), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .SelectMany(Documents)];

    private static IEnumerable<(string Text, int Start, int End)> Documents(string text)
    {
        var start = 0;
        foreach (var chunk in DocumentChunks.Split(text))
        {
            yield return (text, start, start + chunk.Text.Length);
            start += chunk.Text.Length;
        }
    }

    private static readonly string[] Insertions = [":", ": ", " #", "#", "-", "- ", "'", "\"", "{", "}", "[", "]", ",", "|", "\n", "\n  ", "  ", " ", "\r", "~", "null"];

    private static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        for (var e = 1 + random.Next(2); e > 0 && builder.Length > 0; e--)
        {
            var at = random.Next(builder.Length);
            if (random.Next(2) == 0)
            {
                builder.Remove(at, 1);
            }
            else
            {
                builder.Insert(at, Insertions[random.Next(Insertions.Length)]);
            }
        }

        return builder.ToString();
    }
}
