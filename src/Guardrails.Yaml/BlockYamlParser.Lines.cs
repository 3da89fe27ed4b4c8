namespace Guardrails.Yaml;

// Lines: moving from one content line to the next, past blank and comment lines, and refusing what the subset does
// not hold.
internal sealed partial class BlockYamlParser
{
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
            var line = RawLine(_lineStart, out _lineEnd, out _nextLine);
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

    // The line that starts at start: where it ends (before any "\r"), where the next one starts (past the end of the
    // text after the last line), and its text, which must be printable ASCII.
    private ReadOnlySpan<char> RawLine(int start, out int end, out int next)
    {
        var newline = _text.IndexOf('\n', start);
        end = newline < 0 ? _text.Length : newline;
        next = newline < 0 ? _text.Length + 1 : newline + 1;
        if (end > start && _text[end - 1] == '\r')
        {
            end--;
        }

        var line = _text.AsSpan(start, end - start);
        return line.ContainsAnyExceptInRange(' ', '~') ? throw new DeclinedException() : line;
    }

    private static bool IsBlankOrComment(ReadOnlySpan<char> rest)
    {
        var content = rest.IndexOfAnyExcept(' ');
        return content < 0 || (rest[content] == '#' && content > 0);
    }
}
