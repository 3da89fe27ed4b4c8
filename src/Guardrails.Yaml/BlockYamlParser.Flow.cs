namespace Guardrails.Yaml;

// Flow collections written on one line: "{a: b, c: [d, e]}".
internal sealed partial class BlockYamlParser
{
    // A value may be missing at the very end of the text ("{a: " with no newline): declined, like one at a line's end.
    private (YamlNode Node, int End) ParseFlowNode(int start, int depth) => start >= _lineEnd ? throw new DeclinedException() : _text[start] switch
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
            return (RecordFlow(mapping, start, i + 1), i + 1);
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
                return (RecordFlow(mapping, start, i + 1), i + 1);
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
            return (RecordFlow(sequence, start, i + 1), i + 1);
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
                return (RecordFlow(sequence, start, i + 1), i + 1);
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

        return (PlainScalar(start, end, depth), end);
    }
}
