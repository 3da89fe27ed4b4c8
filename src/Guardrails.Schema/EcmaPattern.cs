using System.Text;

namespace Guardrails.Schema;

/// <summary>
/// Rewrites a JSON Schema pattern (ECMA-262 syntax) into the .NET pattern that matches the same strings under
/// <see cref="PolicyRegex.Options"/>. .NET's ECMAScript option already makes <c>\d</c> and <c>\w</c> ASCII, but three
/// constructs still match differently, and each can let a value pass that ECMA-262 refuses: <c>\s</c> and <c>\S</c> (.NET's are ASCII-only, so <c>^\S+$</c> passes a no-break space), <c>$</c> (.NET's also matches before a final line
/// feed, so <c>^[a-z]+$</c> passes <c>"abc\n"</c>) and <c>.</c> (.NET's matches a carriage return and the Unicode line and
/// paragraph separators). Each is replaced by its ECMA-262 meaning, written in constructs whose .NET meaning is exact.
/// Everything else is copied as it is, so the rewritten pattern is rejected exactly when the original would be.
/// </summary>
internal static class EcmaPattern
{
    // ECMA-262 WhiteSpace and LineTerminator: what \s matches there.
    private const string WhiteSpace = @"\u0009-\u000D\u0020\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF";

    // Every UTF-16 code unit not in WhiteSpace: \S, written as ranges so it can stand inside a character class too.
    private const string NotWhiteSpace =
        @"\u0000-\u0008\u000E-\u001F\u0021-\u009F\u00A1-\u167F\u1681-\u1FFF\u200B-\u2027\u202A-\u202E\u2030-\u205E\u2060-\u2FFF\u3001-\uFEFE\uFF00-\uFFFF";

    // ECMA-262's '.' without the s flag: anything but a line terminator.
    private const string AnyButLineTerminator = @"[^\n\r\u2028\u2029]";

    /// <summary>The .NET pattern text with the ECMA-262 meaning of <paramref name="pattern"/>.</summary>
    public static string ToDotNet(string pattern)
    {
        if (pattern.AsSpan().IndexOfAny(['\\', '$', '.']) < 0)
        {
            return pattern;
        }

        var multiline = false;
        var singleline = false;
        var result = new StringBuilder(pattern.Length + 16);
        var classDepth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var escaped = pattern[++i];
                result.Append(escaped switch
                {
                    's' => classDepth > 0 ? WhiteSpace : $"[{WhiteSpace}]",
                    'S' => classDepth > 0 ? NotWhiteSpace : $"[{NotWhiteSpace}]",
                    _ => $"\\{escaped}",
                });
                continue;
            }

            if (classDepth > 0)
            {
                // "-[" opens a subtracted class (.NET's [a-z-[aeiou]]); ']' closes the innermost one.
                classDepth += c switch
                {
                    '[' when pattern[i - 1] == '-' && pattern[i - 2] != '\\' => 1,
                    ']' => -1,
                    _ => 0,
                };
                result.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    i = OpenClass(pattern, i, result);
                    classDepth = 1;
                    break;
                case '(':
                    var (turnsOnMultiline, turnsOnSingleline) = InlineOptions(pattern, i);
                    multiline |= turnsOnMultiline;
                    singleline |= turnsOnSingleline;
                    result.Append(c);
                    break;
                case '$' when !multiline:
                    result.Append(@"\z");
                    break;
                case '.' when !singleline:
                    result.Append(AnyButLineTerminator);
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        return result.ToString();
    }

    // Copies '[' and what .NET's ECMAScript parser reads as part of the opening: '^', and a ']' right after '[' (a
    // literal there, while right after "[^" it closes the class, which the loop then sees). Returns the last index copied.
    private static int OpenClass(string pattern, int open, StringBuilder result)
    {
        result.Append('[');
        var i = open;
        if (i + 1 < pattern.Length && pattern[i + 1] == '^')
        {
            result.Append('^');
            i++;
        }
        else if (i + 1 < pattern.Length && pattern[i + 1] == ']')
        {
            result.Append(']');
            i++;
        }

        return i;
    }

    // .NET's inline options, "(?imnsx-imnsx)" or "(?imnsx-imnsx:": a pattern that turns on m or s means '$' or '.' in
    // .NET's sense from there on, so they are left as written after it.
    private static (bool Multiline, bool Singleline) InlineOptions(string pattern, int open)
    {
        if (open + 1 >= pattern.Length || pattern[open + 1] != '?')
        {
            return (false, false);
        }

        var multiline = false;
        var singleline = false;
        var on = true;
        for (var i = open + 2; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case 'i' or 'n' or 'x':
                    break;
                case 'm':
                    multiline |= on;
                    break;
                case 's':
                    singleline |= on;
                    break;
                case '-':
                    on = false;
                    break;
                case ':' or ')':
                    return (multiline, singleline);
                default:
                    return (false, false);
            }
        }

        return (false, false);
    }
}
