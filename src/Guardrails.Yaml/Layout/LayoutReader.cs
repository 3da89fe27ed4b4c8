using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Guardrails.Yaml.Layout;

/// <summary>
/// Reads one document of a file with YamlDotNet's parser into <see cref="LayoutNode"/>s, keeping each node's offsets
/// in the whole file's text. Only the documents a fix edits are read this way; judging reads every document with the
/// engine's own reader, and a document this reader cannot read is left unedited.
/// </summary>
public static class LayoutReader
{
    /// <summary>The layout of the document in <paramref name="text"/>[<paramref name="start"/>..<paramref name="end"/>]; null when it is not exactly one readable document.</summary>
    /// <param name="text">The whole file's text.</param>
    /// <param name="start">Offset of the document's first character.</param>
    /// <param name="end">Offset just past the document.</param>
    public static LayoutDocument? Read(string text, int start, int end)
    {
        try
        {
            var parser = new Parser(new Scanner(new StringReader(text[start..end]), skipComments: true));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return new LayoutDocument(null, new HashSet<string>());
            }

            parser.Consume<DocumentStart>();
            var aliased = new HashSet<string>(StringComparer.Ordinal);
            var root = ReadNode(parser, text, start, aliased, depth: 0);
            parser.Consume<DocumentEnd>();
            return parser.TryConsume<StreamEnd>(out _) ? new LayoutDocument(root, aliased) : null;
        }
#pragma warning disable CA1031 // The third-party parser throws more than YamlException on malformed input; the document is then left unedited.
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    // The engine's reader has already refused documents deeper than its limit, so this depth is only a backstop.
    private const int MaxDepth = 256;

    private static LayoutNode ReadNode(IParser parser, string text, int offset, HashSet<string> aliased, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException("the document is nested too deeply to edit");
        }

        var next = parser.Consume<ParsingEvent>();
        switch (next)
        {
            case Scalar scalar:
                return new LayoutScalar(At(scalar.Start, offset), At(scalar.End, offset), Name(scalar.Anchor), scalar.Value, scalar.Style, !scalar.Tag.IsEmpty);
            case AnchorAlias alias:
                aliased.Add(alias.Value.Value);
                return new LayoutAlias(At(alias.Start, offset), At(alias.End, offset));
            case MappingStart mapping:
            {
                var entries = new List<(LayoutNode, LayoutNode)>();
                MappingEnd? close;
                while (!parser.TryConsume<MappingEnd>(out close))
                {
                    var key = ReadNode(parser, text, offset, aliased, depth + 1);
                    entries.Add((key, ReadNode(parser, text, offset, aliased, depth + 1)));
                }

                var flow = mapping.Style == MappingStyle.Flow;
                return new LayoutMapping(At(mapping.Start, offset), CollectionEnd(text, close!, offset, flow, '}'), Name(mapping.Anchor), flow, entries);
            }

            case SequenceStart sequence:
            {
                var items = new List<LayoutNode>();
                SequenceEnd? close;
                while (!parser.TryConsume<SequenceEnd>(out close))
                {
                    items.Add(ReadNode(parser, text, offset, aliased, depth + 1));
                }

                var flow = sequence.Style == SequenceStyle.Flow;
                return new LayoutSequence(At(sequence.Start, offset), CollectionEnd(text, close!, offset, flow, ']'), Name(sequence.Anchor), flow, items);
            }

            default:
                throw new InvalidOperationException($"unexpected {next.GetType().Name}");
        }
    }

    // A flow collection ends just past its closing bracket (YamlDotNet's end event of an empty one, `{}`, ends before it).
    private static int CollectionEnd(string text, ParsingEvent close, int offset, bool flow, char bracket) =>
        flow ? text.IndexOf(bracket, At(close.Start, offset)) + 1 : At(close.End, offset);

    private static string Name(AnchorName anchor) => anchor.IsEmpty ? string.Empty : anchor.Value;

    private static int At(Mark mark, int offset) => checked((int)mark.Index + offset);
}
