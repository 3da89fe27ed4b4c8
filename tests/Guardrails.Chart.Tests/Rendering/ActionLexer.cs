using System.Globalization;
using System.Text;

namespace Guardrails.Chart.Tests.Rendering;

internal enum TokenKind
{
    Identifier,
    Field,
    Dot,
    Variable,
    String,
    Number,
    LeftParen,
    RightParen,
    Pipe,
    Declare,
    Assign,
    Comma,
}

/// <summary>One token of an action; <paramref name="Adjacent"/> is true when no space separates it from the previous one.</summary>
internal sealed record Token(TokenKind Kind, string Text, bool Adjacent);

/// <summary>Splits the body of an action into tokens, the way text/template's lexer does for the subset the chart uses.</summary>
internal static class ActionLexer
{
    public static IReadOnlyList<Token> Lex(string body, string where)
    {
        var tokens = new List<Token>();
        var i = 0;
        var adjacent = false;
        while (i < body.Length)
        {
            var c = body[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                adjacent = false;
                continue;
            }

            var start = i;
            Token token;
            switch (c)
            {
                case '"':
                    token = new Token(TokenKind.String, ReadString(body, ref i, where), adjacent);
                    break;
                case '`':
                    var close = body.IndexOf('`', i + 1);
                    if (close < 0)
                    {
                        throw new TemplateException($"{where}: unterminated raw string");
                    }

                    token = new Token(TokenKind.String, body[(i + 1)..close], adjacent);
                    i = close + 1;
                    break;
                case '(':
                    token = new Token(TokenKind.LeftParen, "(", adjacent);
                    i++;
                    break;
                case ')':
                    token = new Token(TokenKind.RightParen, ")", adjacent);
                    i++;
                    break;
                case '|':
                    token = new Token(TokenKind.Pipe, "|", adjacent);
                    i++;
                    break;
                case ',':
                    token = new Token(TokenKind.Comma, ",", adjacent);
                    i++;
                    break;
                case ':' when i + 1 < body.Length && body[i + 1] == '=':
                    token = new Token(TokenKind.Declare, ":=", adjacent);
                    i += 2;
                    break;
                case '=':
                    token = new Token(TokenKind.Assign, "=", adjacent);
                    i++;
                    break;
                case '$':
                    i++;
                    while (i < body.Length && IsWordChar(body[i]))
                    {
                        i++;
                    }

                    token = new Token(TokenKind.Variable, body[start..i], adjacent);
                    break;
                case '.' when i + 1 < body.Length && IsWordStart(body[i + 1]):
                    i++;
                    while (i < body.Length && IsWordChar(body[i]))
                    {
                        i++;
                    }

                    token = new Token(TokenKind.Field, body[(start + 1)..i], adjacent);
                    break;
                case '.' when i + 1 < body.Length && char.IsAsciiDigit(body[i + 1]):
                    throw new TemplateException($"{where}: number literals starting with '.' are not supported");
                case '.':
                    token = new Token(TokenKind.Dot, ".", adjacent);
                    i++;
                    break;
                case '-' or '+' when i + 1 < body.Length && char.IsAsciiDigit(body[i + 1]):
                case >= '0' and <= '9':
                    i++;
                    while (i < body.Length && (char.IsAsciiLetterOrDigit(body[i]) || body[i] is '.' or '_'
                        || body[i] is '-' or '+' && body[i - 1] is 'e' or 'E'))
                    {
                        i++;
                    }

                    token = new Token(TokenKind.Number, body[start..i], adjacent);
                    break;
                case var _ when IsWordStart(c):
                    while (i < body.Length && IsWordChar(body[i]))
                    {
                        i++;
                    }

                    token = new Token(TokenKind.Identifier, body[start..i], adjacent);
                    break;
                default:
                    throw new TemplateException($"{where}: unexpected character '{c}' in action");
            }

            tokens.Add(token);
            adjacent = true;
        }

        return tokens;
    }

    private static string ReadString(string body, ref int i, string where)
    {
        var text = new StringBuilder();
        for (i++; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '"')
            {
                i++;
                return text.ToString();
            }

            if (c != '\\')
            {
                text.Append(c);
                continue;
            }

            if (++i >= body.Length)
            {
                break;
            }

            switch (body[i])
            {
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case '\\': text.Append('\\'); break;
                case '"': text.Append('"'); break;
                case 'u' when i + 4 < body.Length:
                    text.Append((char)int.Parse(body.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default:
                    throw new TemplateException($"{where}: unsupported escape \\{body[i]} in a string");
            }
        }

        throw new TemplateException($"{where}: unterminated string");
    }

    private static bool IsWordStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
