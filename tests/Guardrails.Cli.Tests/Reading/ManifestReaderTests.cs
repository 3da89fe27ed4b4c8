using System.Text;
using Guardrails.Cli.Reading;
using Guardrails.Yaml;

namespace Guardrails.Cli.Tests.Reading;

public sealed class ManifestReaderTests
{
    private const string Stream = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        ---
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata:
            generateName: settings-
        - just a string
        ---
        kind: Service
        ---
        key: [unclosed
        ---
        - a
        - b
        ---
        """;

    [Fact]
    public void Documents_and_list_items_become_objects_with_where_they_start()
    {
        var file = ManifestReader.Read("all.yaml", InputText.Decode(Encoding.UTF8.GetBytes(Stream)));

        file.Objects.Select(o => (o.Kind, o.ApiVersion, o.Name, o.Namespace, o.Document, o.SourcePointer, o.Position))
            .Should().Equal(
                ("Deployment", "apps/v1", "web", "shop", 0, "", new SourcePosition(1, 1)),
                ("ConfigMap", "v1", "settings-", (string?)null, 1, "/items/0", new SourcePosition(10, 3)));
        file.Objects[1].PositionOf("/metadata/generateName").Should().Be(new SourcePosition(13, 5), "a field stands at its key");
        file.Objects[1].PositionOf("/spec/missing").Should().Be(new SourcePosition(10, 3), "a field that is not there points at its object");
    }

    [Fact]
    public void What_is_not_a_kubernetes_object_is_skipped_with_the_reason_and_a_broken_document_is_a_problem_at_its_line()
    {
        var file = ManifestReader.Read("all.yaml", InputText.Decode(Encoding.UTF8.GetBytes(Stream)));

        file.Skipped.Select(s => (s.File, s.Position.Line, s.Reason)).Should().Equal(
            ("all.yaml", 14, "not a Kubernetes object: the list item is a string"),
            ("all.yaml", 16, "not a Kubernetes object: it has no apiVersion"),
            ("all.yaml", 20, "not a Kubernetes object: the document is a sequence"));
        // The parser meets the unclosed sequence of line 18 where its document ends, at the marker of line 19.
        file.Problems.Should().ContainSingle().Which.Should().Match<InputProblem>(p => p.File == "all.yaml" && p.Line == 19 && p.Message.Length > 0);
    }

    [Fact]
    public void Invalid_utf8_spoils_only_the_document_whose_lines_hold_it()
    {
        var bytes = Encoding.UTF8.GetBytes("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: \u00e9}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        var broken = Array.IndexOf(bytes, (byte)0xC3);
        bytes[broken + 1] = 0x28; // 0xC3 0x28: a lead byte without its continuation

        var input = InputText.Decode(bytes);
        var file = ManifestReader.Read("mixed.yaml", input);

        input.InvalidUtf8Lines.Should().Equal(7);
        file.Objects.Select(o => o.Name).Should().Equal("a", "c");
        file.Problems.Should().Equal(new InputProblem("mixed.yaml", 7, 1, "the text is not valid UTF-8 (binary data?)"));
    }

    [Fact]
    public void A_list_kind_without_items_is_an_object_and_an_empty_list_is_nothing()
    {
        var file = ManifestReader.Read("lists.yaml", InputText.Decode(Encoding.UTF8.GetBytes(
            "apiVersion: v1\nkind: PodList\nitems: []\n---\napiVersion: example.com/v1\nkind: ShoppingList\nmetadata: {name: weekly}\nspec: {}\n")));

        file.Objects.Select(o => (o.Kind, o.Name)).Should().Equal(("ShoppingList", "weekly"));
        file.Skipped.Should().BeEmpty();
        file.Problems.Should().BeEmpty();
    }
}
