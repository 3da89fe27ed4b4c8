using System.Globalization;
using System.Text;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// Makes text from inputs (file names, object names, messages that quote values) safe to print in a line-based report:
/// characters that move the cursor, end a line, drive the terminal or reorder text are shown as escapes instead.
/// </summary>
/// <remarks>
/// Escaped: C0 controls and DEL (<c>\n</c>, <c>\r</c>, <c>\t</c>, otherwise <c>\x1b</c>), C1 controls (<c>\x9b</c> is a
/// terminal's CSI too), the Unicode line and paragraph separators, bidirectional formatting characters (which can make
/// a line read differently from what it holds, CVE-2021-42574), and lone surrogates (<c>\ud800</c>). A backslash is
/// left as it is, so escaping is idempotent and messages that quote patterns stay readable; a name that spells an
/// escape itself is therefore shown the same as one that holds the character, but no name can start a new line or
/// change what the terminal shows.
/// </remarks>
internal static class ReportText
{
    /// <summary><paramref name="text"/> with every character that could forge or hide report text escaped.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var first = IndexOfUnsafe(text, 0);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        var start = first;
        for (var i = first; i < text.Length; i++)
        {
            var length = UnsafeLength(text, i);
            if (length == 0)
            {
                continue;
            }

            escaped.Append(text, start, i - start);
            AppendEscape(escaped, text[i]);
            start = i + 1;
        }

        return escaped.Append(text, start, text.Length - start).ToString();
    }

    /// <summary>True when <paramref name="text"/> holds nothing that <see cref="Escape"/> would change.</summary>
    public static bool IsSafe(string text) => IndexOfUnsafe(text, 0) < 0;

    private static int IndexOfUnsafe(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (UnsafeLength(text, i) > 0)
            {
                return i;
            }
        }

        return -1;
    }

    // 1 when the character at i must be escaped, 0 otherwise (a valid surrogate pair is two safe characters).
    private static int UnsafeLength(string text, int i)
    {
        var c = text[i];
        if (c < ' ' || c is >= '\u007f' and <= '\u009f' || IsLayoutControl(c))
        {
            return 1;
        }

        if (char.IsHighSurrogate(c))
        {
            return i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 0 : 1;
        }

        return char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1])) ? 1 : 0;
    }

    // Line and paragraph separators, and the bidirectional marks, embeddings, overrides and isolates.
    private static bool IsLayoutControl(char c) =>
        c is '\u061c' or '\u200e' or '\u200f' or '\u2028' or '\u2029' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');

    private static void AppendEscape(StringBuilder escaped, char c)
    {
        switch (c)
        {
            case '\n':
                escaped.Append("\\n");
                break;
            case '\r':
                escaped.Append("\\r");
                break;
            case '\t':
                escaped.Append("\\t");
                break;
            case <= '\u00ff':
                escaped.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                break;
            default:
                escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                break;
        }
    }
}
