using System.Text;
using YamlDotNet.Core;

namespace Guardrails.Engine.Documents;

/// <summary>
/// Reads the plain YAML that manifests are written in (Helm and Kustomize output, hand-written files) straight into
/// the node tree, without YamlDotNet's tokens, events and their garbage. It accepts a strict subset and declines
/// everything else, so the document goes to YamlDotNet, which reads it or reports the error.
/// </summary>
/// <remarks>
/// The subset: one document of block mappings and sequences (indentless sequences and <c>- key: value</c> items
/// included); single-line plain, single-quoted and escape-free double-quoted scalars; single-line flow mappings and
/// sequences of such scalars; comments and blank lines; an opening <c>---</c>. It declines anchors, aliases, tags,
/// block and multi-line scalars, empty values, escapes, complex keys, directives, tabs, non-ASCII and control
/// characters, and any line it cannot place. Tests hold its trees (values, styles, positions) equal to YamlDotNet's
/// over every fixture and over generated documents, and hold that it never accepts what YamlDotNet rejects.
/// </remarks>
internal sealed class BlockYamlParser
{
    private readonly string _text;
    private readonly int _lineOffset;
    private readonly int _maxDepth;
    private readonly int _maxNodes;
    private int _nodes;

    // The current line: its number in the chunk (0-based), where it starts and ends (before any "\r"), where its
    // content starts and that content's indentation. A "- key: value" item re-enters its line at the key.
    private int _line = -1;
    private int _lineStart;
    private int _lineEnd;
    private int _nextLine;
    private int _contentStart;
    private int _indent;
    private bool _atEnd;

    private BlockYamlParser(string text, int lineOffset, YamlReadLimits limits)
    {
        _text = text;
        _lineOffset = lineOffset;
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

        return sequence;
    }

    private YamlMapping ParseMapping(int indent, int depth)
    {
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
            if (!_atEnd && _indent > indent)
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

        return mapping;
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
        Advance();
        if (!_atEnd && _indent > ownerIndent)
        {
            throw new DeclinedException();
        }

        return node;
    }

    // A literal block scalar ("|" or "|-"): its lines keep their breaks, less the indentation of the first one.
    // Keep chomping ("|+"), indentation indicators, leading blank lines, and blank lines with more spaces than the
    // indentation (which hold content) are left to YamlDotNet, as is a scalar that ends the text without a line break.
    private YamlScalar ParseLiteral(int start, int ownerIndent, int depth)
    {
        var header = start + 1;
        var strip = header < _lineEnd && _text[header] == '-';
        header += strip ? 1 : 0;
        if (header < _lineEnd && _text[header] != ' ')
        {
            throw new DeclinedException();
        }

        ExpectLineEnd(header);
        var scalar = Position(start);
        var value = new StringBuilder();
        var indent = -1;
        var pendingBlanks = 0;
        var contentLines = 0;
        var line = _line;
        var next = _nextLine;
        var resume = -1;
        var resumeLine = 0;
        while (next <= _text.Length)
        {
            var lineStart = next;
            var newline = _text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? _text.Length : newline;
            next = newline < 0 ? _text.Length + 1 : newline + 1;
            line++;
            if (lineEnd > lineStart && _text[lineEnd - 1] == '\r')
            {
                lineEnd--;
            }

            var text = _text.AsSpan(lineStart, lineEnd - lineStart);
            if (text.ContainsAnyExceptInRange(' ', '~'))
            {
                throw new DeclinedException();
            }

            var spaces = text.IndexOfAnyExcept(' ');
            if (spaces < 0)
            {
                if (indent < 0 || text.Length > indent)
                {
                    throw new DeclinedException();
                }

                pendingBlanks++;
                continue;
            }

            if (indent < 0)
            {
                if (spaces <= ownerIndent)
                {
                    throw new DeclinedException();
                }

                indent = spaces;
            }

            if (spaces < indent)
            {
                break;
            }

            if (newline < 0)
            {
                throw new DeclinedException();
            }

            if (contentLines > 0)
            {
                value.Append('\n');
            }

            value.Append('\n', pendingBlanks).Append(text[indent..]);
            pendingBlanks = 0;
            contentLines++;
            resume = next;
            resumeLine = line;
        }

        if (contentLines == 0)
        {
            throw new DeclinedException();
        }

        if (!strip)
        {
            value.Append('\n');
        }

        // Carry on after the last content line: Advance skips the blank lines and comments after it.
        _nextLine = resume;
        _line = resumeLine;
        Advance();
        if (!_atEnd && _indent > ownerIndent)
        {
            throw new DeclinedException();
        }

        return Count(new YamlScalar(scalar, value.ToString(), ScalarStyle.Literal, null), depth);
    }

    private YamlScalar ParseKey(int start, int colon, int depth)
    {
        if (_text[start] is '"' or '\'')
        {
            var (quoted, end) = ParseQuoted(start, depth);
            return end == colon ? quoted : throw new DeclinedException();
        }

        // YAML limits implicit keys to 1024 characters; a key ending in a space would be trimmed.
        if (colon == start || colon - start > 1024 || _text[colon - 1] == ' ' || !StartsPlain(start, _lineEnd))
        {
            throw new DeclinedException();
        }

        return Count(new YamlScalar(Position(start), _text[start..colon], ScalarStyle.Plain, null), depth);
    }

    private (YamlNode Node, int End) ParseBlockPlain(int start, int depth)
    {
        if (!StartsPlain(start, _lineEnd))
        {
            throw new DeclinedException();
        }

        var end = start;
        for (var i = start; i < _lineEnd; i++)
        {
            var c = _text[i];
            if (c == '#' && _text[i - 1] == ' ')
            {
                break;
            }

            if (c == ':' && (i + 1 == _lineEnd || _text[i + 1] == ' '))
            {
                // "a: b: c" is an error and "a: b:" a nested key: YamlDotNet's path reports or reads them.
                throw new DeclinedException();
            }

            if (c != ' ')
            {
                end = i + 1;
            }
        }

        return (Count(new YamlScalar(Position(start), _text[start..end], ScalarStyle.Plain, null), depth), end);
    }

    private (YamlScalar Node, int End) ParseQuoted(int start, int depth)
    {
        var quote = _text[start];
        if (quote == '"')
        {
            var close = _text.IndexOf('"', start + 1, _lineEnd - start - 1);
            if (close < 0 || _text.AsSpan(start + 1, close - start - 1).Contains('\\'))
            {
                throw new DeclinedException();
            }

            return (Count(new YamlScalar(Position(start), _text[(start + 1)..close], ScalarStyle.DoubleQuoted, null), depth), close + 1);
        }

        StringBuilder? escaped = null;
        var from = start + 1;
        for (var i = start + 1; i < _lineEnd; i++)
        {
            if (_text[i] != '\'')
            {
                continue;
            }

            if (i + 1 < _lineEnd && _text[i + 1] == '\'')
            {
                (escaped ??= new StringBuilder()).Append(_text, from, i + 1 - from);
                from = i + 2;
                i++;
                continue;
            }

            var value = escaped is null ? _text[from..i] : escaped.Append(_text, from, i - from).ToString();
            return (Count(new YamlScalar(Position(start), value, ScalarStyle.SingleQuoted, null), depth), i + 1);
        }

        throw new DeclinedException();
    }

    private (YamlNode Node, int End) ParseFlowNode(int start, int depth) => _text[start] switch
    {
        '{' => ParseFlowMapping(start, depth),
        '[' => ParseFlowSequence(start, depth),
        '"' or '\'' => Widen(ParseQuoted(start, depth)),
        _ => ParseFlowPlain(start, depth),
    };

    private (YamlNode Node, int End) ParseFlowMapping(int start, int depth)
    {
        var mapping = Count(new YamlMapping(Position(start)), depth);
        var i = SkipSpaces(start + 1);
        if (i < _lineEnd && _text[i] == '}')
        {
            return (mapping, i + 1);
        }

        while (true)
        {
            if (i >= _lineEnd || _text[i] is '{' or '[')
            {
                throw new DeclinedException();
            }

            var (key, keyEnd) = ParseFlowNode(i, depth + 1);
            if (keyEnd + 1 >= _lineEnd || _text[keyEnd] != ':' || _text[keyEnd + 1] != ' ')
            {
                throw new DeclinedException();
            }

            var (value, valueEnd) = ParseFlowNode(SkipSpaces(keyEnd + 1), depth + 1);
            mapping.Entries.Add(new(key, value));
            i = SkipSpaces(valueEnd);
            if (i < _lineEnd && _text[i] == '}')
            {
                return (mapping, i + 1);
            }

            i = ExpectFlowComma(i, '}');
        }
    }

    private (YamlNode Node, int End) ParseFlowSequence(int start, int depth)
    {
        var sequence = Count(new YamlSequence(Position(start)), depth);
        var i = SkipSpaces(start + 1);
        if (i < _lineEnd && _text[i] == ']')
        {
            return (sequence, i + 1);
        }

        while (true)
        {
            if (i >= _lineEnd)
            {
                throw new DeclinedException();
            }

            var (item, itemEnd) = ParseFlowNode(i, depth + 1);
            sequence.Items.Add(item);
            i = SkipSpaces(itemEnd);
            if (i < _lineEnd && _text[i] == ']')
            {
                return (sequence, i + 1);
            }

            // A ':' here would make the item a single-pair mapping ("[a: b]"): ExpectFlowComma declines it.
            i = ExpectFlowComma(i, ']');
        }
    }

    private int ExpectFlowComma(int i, char close)
    {
        if (i >= _lineEnd || _text[i] != ',')
        {
            throw new DeclinedException();
        }

        i = SkipSpaces(i + 1);
        return i < _lineEnd && _text[i] != close ? i : throw new DeclinedException();
    }

    // A plain scalar inside a flow collection: letters, digits and a few safe punctuation marks, inner spaces allowed.
    private (YamlNode Node, int End) ParseFlowPlain(int start, int depth)
    {
        if (!StartsPlain(start, _lineEnd))
        {
            throw new DeclinedException();
        }

        var end = start;
        var i = start;
        for (; i < _lineEnd; i++)
        {
            var c = _text[i];
            if (c is ',' or ']' or '}' or ':')
            {
                break;
            }

            if (c is '#' or '[' or '{' or '"' or '\'')
            {
                throw new DeclinedException();
            }

            if (c != ' ')
            {
                end = i + 1;
            }
        }

        if (i < _lineEnd && _text[i] == ':' && (i + 1 == _lineEnd || _text[i + 1] != ' ' || end != i))
        {
            // "a:b", "a :" and the like mean different things to different YAML versions.
            throw new DeclinedException();
        }

        return (Count(new YamlScalar(Position(start), _text[start..end], ScalarStyle.Plain, null), depth), end);
    }

    private static (YamlNode Node, int End) Widen((YamlScalar Node, int End) scalar) => scalar;

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

    // A plain scalar may not start with an indicator, except '-' directly followed by a non-space ("-1", "-Xmx1g").
    // YAML also allows "?x" and ":x", but YamlDotNet refuses some of them as keys: they are left to it.
    private bool StartsPlain(int start, int end)
    {
        var c = _text[start];
        return c switch
        {
            '-' => start + 1 < end && _text[start + 1] is not (' ' or ',' or '[' or ']' or '{' or '}'),
            '?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' or ' ' => false,
            _ => true,
        };
    }

    private bool IsSequenceEntry(int at) => _text[at] == '-' && (at + 1 == _lineEnd || _text[at + 1] == ' ');

    private void ExpectLineEnd(int end)
    {
        var rest = SkipSpaces(end);
        if (rest < _lineEnd && (_text[rest] != '#' || rest == end))
        {
            throw new DeclinedException();
        }
    }

    private int SkipSpaces(int i)
    {
        while (i < _lineEnd && _text[i] == ' ')
        {
            i++;
        }

        return i;
    }

    // Moves to the next line with content, past blank and comment lines.
    private void Advance()
    {
        while (true)
        {
            if (_nextLine > _text.Length)
            {
                _atEnd = true;
                return;
            }

            _line++;
            _lineStart = _nextLine;
            var newline = _text.IndexOf('\n', _lineStart);
            _lineEnd = newline < 0 ? _text.Length : newline;
            _nextLine = newline < 0 ? _text.Length + 1 : newline + 1;
            if (_lineEnd > _lineStart && _text[_lineEnd - 1] == '\r')
            {
                _lineEnd--;
            }

            var line = _text.AsSpan(_lineStart, _lineEnd - _lineStart);
            if (line.ContainsAnyExceptInRange(' ', '~'))
            {
                throw new DeclinedException();
            }

            var content = line.IndexOfAnyExcept(' ');
            if (content < 0 || line[content] == '#')
            {
                continue;
            }

            if (content == 0 && (line.StartsWith("---") || line.StartsWith("...")) && (line.Length == 3 || line[3] == ' '))
            {
                if (_line == 0 && line[0] == '-' && IsBlankOrComment(line[3..]))
                {
                    continue;
                }

                throw new DeclinedException();
            }

            if (content == 0 && line[0] == '%')
            {
                throw new DeclinedException();
            }

            _indent = content;
            _contentStart = _lineStart + content;
            return;
        }
    }

    private static bool IsBlankOrComment(ReadOnlySpan<char> rest)
    {
        var content = rest.IndexOfAnyExcept(' ');
        return content < 0 || (rest[content] == '#' && content > 0);
    }

    private SourcePosition Position(int index) => new(_line + 1 + _lineOffset, index - _lineStart + 1);

    private const int MaxRecursion = 64;

    private T Count<T>(T node, int depth) where T : YamlNode =>
        ++_nodes > _maxNodes || depth > _maxDepth ? throw new DeclinedException() : node;

    private sealed class DeclinedException : Exception;
}
