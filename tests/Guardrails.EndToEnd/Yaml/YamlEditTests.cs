namespace Guardrails.EndToEnd.Yaml;

public sealed class YamlEditTests
{
    [Fact]
    public void Only_the_field_changes_and_a_missing_one_is_added_in_the_mapping_style()
    {
        YamlEdit.SetMetadata("# comment\nkind: Pod\nmetadata:\n  name: web  # keep\n  namespace: \"default\"\nspec: {}\n", "namespace", "t-1")
            .Should().Be("# comment\nkind: Pod\nmetadata:\n  name: web  # keep\n  namespace: t-1\nspec: {}\n");
        YamlEdit.SetMetadata("kind: Pod\nmetadata:\n  name: web\n", "namespace", "t-1").Should().Be("kind: Pod\nmetadata:\n  namespace: t-1\n  name: web\n");
        YamlEdit.SetMetadata("kind: Pod\nmetadata: {name: web}\n", "namespace", "t-1").Should().Be("kind: Pod\nmetadata: {namespace: t-1, name: web}\n");
    }

    [Fact]
    public void Chunks_are_cut_at_document_markers_as_guardrails_test_counts_them()
    {
        var chunks = YamlChunks.Split("---\na: 1\n---\n# only a comment\n---\nb: 2\n");

        chunks.Should().HaveCount(3);
        YamlChunks.IsEmpty(chunks[1]).Should().BeTrue();
        chunks[2].Should().Be("---\nb: 2\n");
    }
}
