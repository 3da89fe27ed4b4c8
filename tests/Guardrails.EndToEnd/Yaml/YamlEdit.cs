using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Guardrails.EndToEnd.Yaml;

/// <summary>
/// Edits one field of a manifest's <c>metadata</c> in its YAML text, leaving every other character as written, so that
/// kubectl and <c>guardrails check</c> read the fixture as its author wrote it, only in the test's own namespace.
/// </summary>
internal static class YamlEdit
{
    public static string SetMetadata(string document, string field, string value)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(document));
        var root = stream.Documents.Single().RootNode as YamlMappingNode ?? throw new InvalidOperationException("the document is not a mapping");
        if (!root.Children.TryGetValue(new YamlScalarNode("metadata"), out var metadataNode) || metadataNode is not YamlMappingNode metadata)
        {
            throw new InvalidOperationException("the document has no metadata mapping");
        }

        if (metadata.Children.TryGetValue(new YamlScalarNode(field), out var existing))
        {
            return Splice(document, existing.Start.Index, existing.End.Index, value);
        }

        var first = metadata.Children.First().Key;
        var insertion = metadata.Style == MappingStyle.Flow
            ? $"{field}: {value}, "
            : $"{field}: {value}\n{new string(' ', (int)first.Start.Column - 1)}";
        return Splice(document, first.Start.Index, first.Start.Index, insertion);
    }

    private static string Splice(string text, long start, long end, string value) => string.Concat(text.AsSpan(0, (int)start), value, text.AsSpan((int)end));
}
