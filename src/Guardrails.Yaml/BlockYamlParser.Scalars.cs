using System.Buffers;
using System.Text;
using YamlDotNet.Core;

namespace Guardrails.Yaml;

// Scalars: plain, quoted and literal block scalars, and keys.
internal sealed partial class BlockYamlParser
{
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
        if (_spans is not null)
        {
            throw new DeclinedException();
        }

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
            var text = RawLine(next, out _, out next);
            line++;
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

            if (next > _text.Length)
            {
                // The last line of the text, with no line break after it.
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
        AdvancePastValue(ownerIndent);

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

        return PlainScalar(start, colon, depth);
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

        return (PlainScalar(start, end, depth), end);
    }

    // YamlDotNet reads some plain scalars that hold an alias, anchor or tag indicator after a space as one scalar where
    // YAML sees a key ("($x != *y): true"), or refuses them: such text is left to it.
    private YamlScalar PlainScalar(int start, int end, int depth) =>
        _text.AsSpan(start, end - start).ContainsAny(IndicatorsInPlain)
            ? throw new DeclinedException()
            : Record(Count(new YamlScalar(Position(start), _text[start..end], ScalarStyle.Plain, null), depth), start, end);

    private static readonly SearchValues<char> IndicatorsInPlain = SearchValues.Create("*&!");

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

            return (Record(Count(new YamlScalar(Position(start), _text[(start + 1)..close], ScalarStyle.DoubleQuoted, null), depth), start, close + 1), close + 1);
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
            return (Record(Count(new YamlScalar(Position(start), value, ScalarStyle.SingleQuoted, null), depth), start, i + 1), i + 1);
        }

        throw new DeclinedException();
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

    private static (YamlNode Node, int End) Widen((YamlScalar Node, int End) scalar) => scalar;
}
