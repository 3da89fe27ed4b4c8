using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Guardrails.Yaml;

/// <summary>Builds one document's node tree from parser events without recursion, bounding its depth.</summary>
internal sealed class YamlTreeBuilder
{
    private readonly int _maxDepth;
    private readonly int _lineOffset;
    private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
    private readonly List<Frame> _open = [];

    private readonly int _maxNodes;
    private int _nodes;

    public YamlTreeBuilder(YamlReadLimits limits, int lineOffset)
    {
        _maxDepth = limits.MaxDepth;
        _maxNodes = limits.MaxNodes;
        _lineOffset = lineOffset;
    }

    /// <summary>Builds a scanned document's root; <c>null</c> root with no error means an empty document.</summary>
    public (YamlNode? Root, DocumentError? Error, bool EndOfStream) Build(ScannedDocument document)
    {
        if (document.EndOfStream && document.Failure is null)
        {
            return (null, null, true);
        }

        _anchors.Clear();
        _open.Clear();
        _nodes = 0;
        YamlNode? root = null;
        foreach (var parsingEvent in document.Events)
        {
            var start = Position(parsingEvent.Start);
            if (++_nodes > _maxNodes)
            {
                return (null, new DocumentError($"document holds more than {_maxNodes:N0} values", start), false);
            }

            YamlNode? completed = null;
            switch (parsingEvent)
            {
                case Scalar scalar:
                    completed = Register(scalar.Anchor, new YamlScalar(start, scalar.Value, scalar.Style, TagOf(scalar.Tag)));
                    break;
                case AnchorAlias alias:
                    if (!_anchors.TryGetValue(alias.Value.Value, out completed))
                    {
                        return (null, new DocumentError($"alias *{alias.Value.Value} refers to no anchor defined before it", start), false);
                    }

                    if (IsOpen(completed))
                    {
                        return (null, new DocumentError($"alias *{alias.Value.Value} refers to a node that contains it (recursive alias)", start), false);
                    }

                    break;
                case SequenceStart sequenceStart:
                    if (Open(Register(sequenceStart.Anchor, new YamlSequence(start)), start) is { } tooDeepSequence)
                    {
                        return (null, tooDeepSequence, false);
                    }

                    continue;
                case MappingStart mappingStart:
                    if (Open(Register(mappingStart.Anchor, new YamlMapping(start)), start) is { } tooDeepMapping)
                    {
                        return (null, tooDeepMapping, false);
                    }

                    continue;
                case SequenceEnd or MappingEnd:
                    completed = _open[^1].Node;
                    _open.RemoveAt(_open.Count - 1);
                    break;
                default:
                    continue;
            }

            if (_open.Count == 0)
            {
                root = completed;
            }
            else
            {
                _open[^1].Add(completed!);
            }
        }

        if (document.Failure is { } failure)
        {
            // Every event before the failure was judged first, so a limit passed earlier is what gets reported.
            return (null, new DocumentError($"invalid YAML: {Describe(failure)}", Position(document.FailureMark)), true);
        }

        return (root, null, false);
    }

    private bool IsOpen(YamlNode node)
    {
        foreach (var frame in _open)
        {
            if (ReferenceEquals(frame.Node, node))
            {
                return true;
            }
        }

        return false;
    }

    private DocumentError? Open(YamlNode node, SourcePosition start)
    {
        if (_open.Count >= _maxDepth)
        {
            return new DocumentError($"document is nested deeper than {_maxDepth} levels", start);
        }

        _open.Add(new Frame(node));
        return null;
    }

    private T Register<T>(AnchorName anchor, T node) where T : YamlNode
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }

        return node;
    }

    // The non-specific tag "!" makes a scalar a string (YAML 1.2 section 6.9.1; go-yaml reads it so too): "! 12" is "12".
    private static string? TagOf(TagName tag) =>
        tag.IsEmpty ? null : tag.Value == "!" ? "tag:yaml.org,2002:str" : tag.IsNonSpecific ? null : tag.Value;

    private SourcePosition Position(Mark mark) => new((int)mark.Line + _lineOffset, (int)mark.Column);

    private static string Describe(Exception ex) => ex switch
    {
        YamlException yaml => Describe(yaml),
        // YamlDotNet's scanner throws a bare InvalidOperationException on some unterminated flow collections.
        InvalidOperationException => "the parser could not go on after this point (an unclosed '{', '[' or quote?)",
        _ => ex.Message,
    };

    private static string Describe(YamlException ex)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, ...) - "; the position is reported separately.
        var message = ex.InnerException is YamlException inner ? Describe(inner) : ex.Message;
        var dash = message.IndexOf(") - ", StringComparison.Ordinal);
        return dash >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(dash + 4)..] : message;
    }

    private sealed class Frame(YamlNode node)
    {
        private YamlNode? _pendingKey;

        public YamlNode Node { get; } = node;

        public void Add(YamlNode child)
        {
            switch (Node)
            {
                case YamlSequence sequence:
                    sequence.Items.Add(child);
                    break;
                case YamlMapping mapping when _pendingKey is null:
                    _pendingKey = child;
                    break;
                case YamlMapping mapping:
                    mapping.Entries.Add(new(_pendingKey, child));
                    _pendingKey = null;
                    break;
            }
        }
    }
}
