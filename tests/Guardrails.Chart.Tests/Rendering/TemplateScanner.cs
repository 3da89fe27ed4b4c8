namespace Guardrails.Chart.Tests.Rendering;

/// <summary>A piece of template source: literal text, or the body of one <c>{{ }}</c> action.</summary>
internal abstract record Segment(string Template, int Line);

internal sealed record TextSegment(string Template, int Line, string Text) : Segment(Template, Line);

internal sealed record ActionSegment(string Template, int Line, string Body) : Segment(Template, Line);

/// <summary>
/// Splits a Go template into text and actions, applying the trim markers as text/template does:
/// <c>{{- </c> removes the white space before the action, <c> -}}</c> the white space after it.
/// Comments (<c>{{/* */}}</c>) leave nothing but their trimming.
/// </summary>
internal static class TemplateScanner
{
    private static readonly char[] Space = [' ', '\t', '\r', '\n'];

    public static IReadOnlyList<Segment> Scan(string text, string template)
    {
        var segments = new List<Segment>();
        var position = 0;
        var trimNext = false;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            var chunk = open < 0 ? text[position..] : text[position..open];
            if (trimNext)
            {
                chunk = chunk.TrimStart(Space);
            }

            if (open < 0)
            {
                Add(segments, template, LineOf(text, position), chunk);
                break;
            }

            var bodyStart = open + 2;
            if (bodyStart + 1 < text.Length && text[bodyStart] == '-' && IsSpace(text[bodyStart + 1]))
            {
                chunk = chunk.TrimEnd(Space);
                bodyStart += 2;
            }

            Add(segments, template, LineOf(text, position), chunk);
            var line = LineOf(text, open);
            var (bodyEnd, next, trimRight) = FindClose(text, bodyStart, template, line);
            var body = text[bodyStart..bodyEnd];
            var trimmed = body.Trim(Space);
            if (trimmed.StartsWith("/*", StringComparison.Ordinal))
            {
                // text/template only takes "/*" right after the delimiter (or "{{- ") and "*/" right before the closing one.
                if (!body.StartsWith("/*", StringComparison.Ordinal) || !body.EndsWith("*/", StringComparison.Ordinal))
                {
                    throw new TemplateException($"{template}:{line}: malformed comment (no space between the delimiters and /* */)");
                }
            }
            else if (trimmed.Length == 0)
            {
                throw new TemplateException($"{template}:{line}: empty action");
            }
            else
            {
                segments.Add(new ActionSegment(template, line, trimmed));
            }

            trimNext = trimRight;
            position = next;
        }

        return segments;
    }

    private static void Add(List<Segment> segments, string template, int line, string text)
    {
        if (text.Length > 0)
        {
            segments.Add(new TextSegment(template, line, text));
        }
    }

    // The end of the body, the position after "}}", and whether a " -}}" trim marker closed it.
    private static (int BodyEnd, int Next, bool TrimRight) FindClose(string text, int start, string template, int line)
    {
        var i = start;
        if (text.AsSpan(start).TrimStart(Space).StartsWith("/*"))
        {
            var end = text.IndexOf("*/", start, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new TemplateException($"{template}:{line}: unclosed comment");
            }

            i = end + 2;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '`' or '\'')
            {
                i = SkipQuoted(text, i, template, line);
                continue;
            }

            if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                var trimRight = i - 2 >= start && text[i - 1] == '-' && IsSpace(text[i - 2]);
                return (trimRight ? i - 2 : i, i + 2, trimRight);
            }

            i++;
        }

        throw new TemplateException($"{template}:{line}: unclosed action");
    }

    private static int SkipQuoted(string text, int start, string template, int line)
    {
        var quote = text[start];
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\' && quote != '`')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i + 1;
            }
            else if (text[i] == '\n' && quote != '`')
            {
                break;
            }
        }

        throw new TemplateException($"{template}:{line}: unterminated quoted string");
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static int LineOf(string text, int position) => 1 + text.AsSpan(0, position).Count('\n');
}
