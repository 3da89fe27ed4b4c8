namespace Guardrails.Yaml;

/// <summary>
/// Reads the plain YAML that manifests are written in (Helm and Kustomize output, hand-written files) straight into
/// the node tree, without YamlDotNet's tokens, events and their garbage. It accepts a strict subset and declines
/// everything else, so the document goes to YamlDotNet, which reads it or reports the error.
/// </summary>
/// <remarks>
/// The subset: one document of block mappings and sequences (indentless sequences and <c>- key: value</c> items
/// included); single-line plain, single-quoted and escape-free double-quoted scalars; literal block scalars
/// (<c>|</c>, <c>|-</c>); single-line flow mappings and sequences of such scalars, also alone on the line after
/// their key (Helm's <c>toYaml | nindent</c>); comments and blank lines; an opening <c>---</c>. It declines anchors, aliases, tags, folded and multi-line plain scalars, empty values, escapes,
/// complex keys, directives, tabs, non-ASCII and control characters, and any line it cannot place. Tests hold its
/// trees (values, styles, positions) equal to YamlDotNet's over every YAML file in the repository and over generated
/// and mutated documents, and hold that it never accepts what YamlDotNet rejects.
/// </remarks>
internal sealed partial class BlockYamlParser
{
    private readonly string _text;
    private readonly int _lineOffset;
    private readonly int _maxDepth;
    private readonly int _maxNodes;
    private int _nodes;

    // Where each node stands in the text, recorded only for TryParseLayout (null for the reader's own parse).
    private readonly Dictionary<YamlNode, NodeSpan>? _spans;

    // The current line: its number in the chunk (0-based), where it starts and ends (before any "\r"), where its
    // content starts and that content's indentation. A "- key: value" item re-enters its line at the key.
    private int _line = -1;
    private int _lineStart;
    private int _lineEnd;
    private int _nextLine;
    private int _contentStart;
    private int _indent;
    private bool _atEnd;

    private BlockYamlParser(string text, int lineOffset, YamlReadLimits limits, Dictionary<YamlNode, NodeSpan>? spans = null)
    {
        _text = text;
        _lineOffset = lineOffset;
        _spans = spans;
        // Declining well before the limits leaves every limit's error to YamlDotNet's path, and the cap keeps this
        // reader's recursion shallow whatever limits a caller sets.
        _maxDepth = Math.Min(limits.MaxDepth / 2, MaxRecursion);
        _maxNodes = limits.MaxNodes / 2;
    }

    /// <summary>The document's root, or <c>null</c> when the text is outside the subset.</summary>
    /// <param name="text">One document's text (a chunk from <see cref="DocumentChunks"/>).</param>
    /// <param name="lineOffset">Lines before the chunk in its file.</param>
    /// <param name="limits">Depth and size bounds; a document near them is declined, and YamlDotNet's path reports it.</param>
    public static YamlNode? TryParse(string text, int lineOffset, YamlReadLimits limits)
    {
        try
        {
            return TryParseStrict(text, lineOffset, limits);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // A fault here is a bug in this reader, never a verdict on the document: YamlDotNet's path still reads it.
            return null;
        }
    }

    /// <summary>Like <see cref="TryParse"/>, but lets this reader's own faults escape, for tests.</summary>
    internal static YamlNode? TryParseStrict(string text, int lineOffset, YamlReadLimits limits)
    {
        try
        {
            return new BlockYamlParser(text, lineOffset, limits).ParseDocument();
        }
        catch (DeclinedException)
        {
            return null;
        }
    }

    /// <summary>
    /// The document's root and where each of its nodes stands in <paramref name="text"/>, for an editor that inserts
    /// text beside them; <c>null</c> when the text is outside the subset or holds a literal block scalar (whose end, as
    /// YamlDotNet marks it, this reader does not find).
    /// </summary>
    public static (YamlNode Root, IReadOnlyDictionary<YamlNode, NodeSpan> Spans)? TryParseLayout(string text, YamlReadLimits limits)
    {
        var spans = new Dictionary<YamlNode, NodeSpan>(ReferenceEqualityComparer.Instance);
        try
        {
            return (new BlockYamlParser(text, 0, limits, spans).ParseDocument(), spans);
        }
        catch (Exception ex) when (ex is DeclinedException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private YamlNode ParseDocument()
    {
        Advance();
        if (_atEnd)
        {
            // An empty document: YamlDotNet's path decides what it is.
            throw new DeclinedException();
        }

        var root = ParseBlockNode(depth: 0);
        if (!_atEnd)
        {
            throw new DeclinedException();
        }

        return root;
    }

    private YamlNode ParseBlockNode(int depth) =>
        IsSequenceEntry(_contentStart) ? ParseSequence(_indent, depth) : ParseMapping(_indent, depth);

    private YamlSequence ParseSequence(int indent, int depth)
    {
        var start = _contentStart;
        var sequence = Count(new YamlSequence(Position(_contentStart)), depth);
        while (!_atEnd && _indent == indent && IsSequenceEntry(_contentStart))
        {
            var item = SkipSpaces(_contentStart + 1);
            if (item == _lineEnd || _text[item] == '#' || IsSequenceEntry(item))
            {
                // An empty item, a block node on the next lines, or "- - x": rare in manifests, left to YamlDotNet.
                throw new DeclinedException();
            }

            if (KeyEnd(item) >= 0)
            {
                _indent = item - _lineStart;
                _contentStart = item;
                sequence.Items.Add(ParseMapping(_indent, depth + 1));
            }
            else
            {
                sequence.Items.Add(ParseInlineValue(item, indent, depth + 1));
            }
        }

        if (!_atEnd && _indent > indent)
        {
            throw new DeclinedException();
        }

        return RecordBlock(sequence, start);
    }

    private YamlMapping ParseMapping(int indent, int depth)
    {
        var start = _contentStart;
        var mapping = Count(new YamlMapping(Position(_contentStart)), depth);
        while (!_atEnd && _indent == indent)
        {
            var colon = KeyEnd(_contentStart);
            if (colon < 0)
            {
                throw new DeclinedException();
            }

            var key = ParseKey(_contentStart, colon, depth + 1);
            var value = SkipSpaces(colon + 1);
            if (value < _lineEnd && _text[value] != '#')
            {
                mapping.Entries.Add(new(key, ParseInlineValue(value, indent, depth + 1)));
                continue;
            }

            Advance();
            if (!_atEnd && _indent > indent && IsInlineValueLine())
            {
                // A value alone on the next line, as Helm's `toYaml | nindent` writes an empty map: "resources:\n  {}".
                mapping.Entries.Add(new(key, ParseInlineValue(_contentStart, indent, depth + 1)));
            }
            else if (!_atEnd && _indent > indent)
            {
                mapping.Entries.Add(new(key, ParseBlockNode(depth + 1)));
            }
            else if (!_atEnd && _indent == indent && IsSequenceEntry(_contentStart))
            {
                mapping.Entries.Add(new(key, ParseSequence(indent, depth + 1)));
            }
            else
            {
                // An empty value: YamlDotNet's path places its null.
                throw new DeclinedException();
            }
        }

        if (!_atEnd && _indent > indent)
        {
            throw new DeclinedException();
        }

        return RecordBlock(mapping, start);
    }

    // A scalar or flow collection that ends its line; the next line must not continue it (a multi-line scalar).
    private YamlNode ParseInlineValue(int start, int ownerIndent, int depth)
    {
        if (_text[start] == '|')
        {
            return ParseLiteral(start, ownerIndent, depth);
        }

        var (node, end) = _text[start] switch
        {
            '{' or '[' => ParseFlowNode(start, depth),
            '"' or '\'' => Widen(ParseQuoted(start, depth)),
            _ => ParseBlockPlain(start, depth),
        };
        ExpectLineEnd(end);
        AdvancePastValue(ownerIndent);
        return node;
    }

    // Moves past a value that ended on the current line; a more indented line after it would continue it.
    private void AdvancePastValue(int ownerIndent)
    {
        Advance();
        if (!_atEnd && _indent > ownerIndent)
        {
            throw new DeclinedException();
        }
    }

    // Where the ':' that ends a key on this line stands, or -1 when the content at start is not a key.
    private int KeyEnd(int start)
    {
        var c = _text[start];
        if (c is '{' or '[')
        {
            return -1;
        }

        var i = start;
        if (c is '"' or '\'')
        {
            i = _text.IndexOf(c, start + 1, _lineEnd - start - 1);
            if (i < 0)
            {
                return -1;
            }

            if (c == '\'')
            {
                // Skip doubled quotes inside single-quoted text.
                while (i + 1 < _lineEnd && _text[i + 1] == '\'')
                {
                    i = _text.IndexOf('\'', i + 2, _lineEnd - i - 2);
                    if (i < 0)
                    {
                        return -1;
                    }
                }
            }

            i++;
            return i < _lineEnd && _text[i] == ':' && (i + 1 == _lineEnd || _text[i + 1] == ' ') ? i : -1;
        }

        for (; i < _lineEnd; i++)
        {
            if (_text[i] == ':' && (i + 1 == _lineEnd || _text[i + 1] == ' '))
            {
                return i;
            }

            if (_text[i] == '#' && i > start && _text[i - 1] == ' ')
            {
                return -1;
            }
        }

        return -1;
    }

    // The current line holds a flow collection, a quoted scalar or a plain scalar that is not a key: one value.
    private bool IsInlineValueLine() =>
        _text[_contentStart] is '{' or '[' or '"' or '\''
        || (_text[_contentStart] != '|' && !IsSequenceEntry(_contentStart) && KeyEnd(_contentStart) < 0);

    private bool IsSequenceEntry(int at) => _text[at] == '-' && (at + 1 == _lineEnd || _text[at + 1] == ' ');

    private SourcePosition Position(int index) => new(_line + 1 + _lineOffset, index - _lineStart + 1);

    // A block collection ends where the next token begins, as YamlDotNet marks it: the next content line's content, or
    // the end of the text.
    private T RecordBlock<T>(T node, int start) where T : YamlNode => Record(node, start, _atEnd ? _text.Length : _contentStart);

    private T RecordFlow<T>(T node, int start, int end) where T : YamlNode => Record(node, start, end, flow: true);

    private T Record<T>(T node, int start, int end, bool flow = false) where T : YamlNode
    {
        _spans?.Add(node, new NodeSpan(start, end, flow));
        return node;
    }

    private const int MaxRecursion = 64;

    private T Count<T>(T node, int depth) where T : YamlNode =>
        ++_nodes > _maxNodes || depth > _maxDepth ? throw new DeclinedException() : node;

    private sealed class DeclinedException : Exception;
}
