namespace Guardrails.Yaml.Layout;

/// <summary>
/// Lays out one document of a file with this library's own block reader, which reads the
/// plain block YAML that manifests are written in several times faster than YamlDotNet's parser. It gives the
/// <see cref="LayoutNode"/>s <see cref="LayoutReader"/> would give; a document outside the reader's subset (anchors,
/// aliases, tags, literal block scalars and the rest it declines) gets null, and is laid out by <see cref="LayoutReader"/>.
/// </summary>
public static class BlockLayoutReader
{
    /// <summary>The layout of the document in <paramref name="text"/>[<paramref name="start"/>..<paramref name="end"/>]; null when the block reader declines it.</summary>
    /// <param name="text">The whole file's text.</param>
    /// <param name="start">Offset of the document's first character.</param>
    /// <param name="end">Offset just past the document.</param>
    /// <param name="limits">The limits the document was read under: a document near them is declined.</param>
    public static LayoutDocument? Read(string text, int start, int end, YamlReadLimits limits)
    {
        if (BlockYamlParser.TryParseLayout(text[start..end], limits) is not var (root, spans))
        {
            return null;
        }

        // The block reader declines anchors and aliases, so no node is shared.
        return new LayoutDocument(Node(root, spans, start), new HashSet<string>());
    }

    // The reader declines documents deeper than half the limits, so the recursion is bounded.
    private static LayoutNode Node(YamlNode node, IReadOnlyDictionary<YamlNode, NodeSpan> spans, int offset)
    {
        var span = spans[node];
        var (start, end) = (span.Start + offset, span.End + offset);
        return node switch
        {
            YamlScalar scalar => new LayoutScalar(start, end, string.Empty, scalar.Value, scalar.Style, scalar.Tag is not null),
            YamlMapping mapping => new LayoutMapping(start, end, string.Empty, span.Flow, [.. mapping.Entries.Select(e => (Node(e.Key, spans, offset), Node(e.Value, spans, offset)))]),
            YamlSequence sequence => new LayoutSequence(start, end, string.Empty, span.Flow, [.. sequence.Items.Select(i => Node(i, spans, offset))]),
            _ => throw new InvalidOperationException($"unexpected {node.GetType().Name}"),
        };
    }
}
