using System.Text;
using Guardrails.Cli.Reading;
using Guardrails.Yaml;

namespace Guardrails.Cli.Tests.Reading;

public sealed class ManifestStreamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(5_000)]
    [InlineData(1_000_000)]
    public void The_parts_are_cut_at_document_markers_and_read_as_the_whole_text_does(int partChars)
    {
        var text = Manifests(300);

        var parts = ManifestStream.Parts(new MemoryStream(Encoding.UTF8.GetBytes(text)), partChars).ToList();

        string.Concat(parts.Select(p => p.Text)).Should().Be(text);
        parts.Skip(1).Where(p => !p.Text.StartsWith("---\n", StringComparison.Ordinal)).Should().BeEmpty("every part after the first starts at a marker");
        parts.Take(parts.Count - 1).Where(p => p.Text.Length < partChars).Should().BeEmpty("every part but the last holds at least partChars");
        if (partChars == 1 || partChars > text.Length)
        {
            parts.Should().HaveCount(partChars == 1 ? 300 : 1, "a part is cut at the first marker once it holds partChars");
        }

        parts.Select(p => p.LineOffset).Should().Equal(parts.Select(p => LinesBefore(text, p, parts)));
        var documents = YamlDocumentReader.Read(text, ManifestReader.Limits, trackPositions: true);
        var names = parts.SelectMany(p => YamlDocumentReader.Read(p, ManifestReader.Limits, trackPositions: true))
            .Select(d => (d.Start, Name: d.Root?.GetProperty("metadata").GetProperty("name").GetString()));
        names.Should().Equal(documents.Select(d => (d.Start, Name: d.Root?.GetProperty("metadata").GetProperty("name").GetString())));
    }

    [Fact]
    public void A_marker_not_at_column_0_or_followed_by_text_does_not_cut()
    {
        var text = "a: 1\n---x\n ---\nb: |\n  ---\n---\t# next\nc: 3\n";

        var parts = ManifestStream.Parts(new MemoryStream(Encoding.UTF8.GetBytes(text)), 1).Select(p => p.Text).ToList();

        parts.Should().Equal("a: 1\n---x\n ---\nb: |\n  ---\n", "---\t# next\nc: 3\n");
    }

    [Fact]
    public void The_byte_order_mark_is_no_part_of_the_text()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a: 1\n")).ToArray();

        ManifestStream.Parts(new MemoryStream(bytes), 100).Single().Text.Should().Be("a: 1\n");
    }

    [Fact]
    public void Invalid_utf8_throws_so_the_input_is_read_whole_instead()
    {
        var parts = () => ManifestStream.Parts(new MemoryStream([(byte)'a', (byte)':', (byte)' ', 0xC3, 0x28, (byte)'\n']), 100).ToList();

        parts.Should().Throw<DecoderFallbackException>();
    }

    private static string Manifests(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i =>
            $"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-{i}\ndata:\n  text: \"{new string('x', i % 17)}\"\n"));

    private static int LinesBefore(string text, YamlTextPart part, List<YamlTextPart> parts)
    {
        var start = string.Concat(parts.TakeWhile(p => !ReferenceEquals(p, part)).Select(p => p.Text)).Length;
        return text.AsSpan(0, start).Count('\n');
    }
}
