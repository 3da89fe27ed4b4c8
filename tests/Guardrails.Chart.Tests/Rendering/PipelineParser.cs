using System.Globalization;

namespace Guardrails.Chart.Tests.Rendering;

/// <summary>Parses the tokens of an action into a <see cref="Pipeline"/>.</summary>
internal sealed class PipelineParser
{
    private readonly IReadOnlyList<Token> tokens;
    private readonly string where;
    private int position;

    private PipelineParser(IReadOnlyList<Token> tokens, int start, string where)
    {
        this.tokens = tokens;
        position = start;
        this.where = where;
    }

    /// <summary>Parses <paramref name="tokens"/> from <paramref name="start"/> to the end; <paramref name="maxVariables"/> is 2 for range.</summary>
    public static Pipeline Parse(IReadOnlyList<Token> tokens, int start, string where, int maxVariables = 1)
    {
        var parser = new PipelineParser(tokens, start, where);
        var pipeline = parser.ParsePipeline(maxVariables);
        if (parser.position < tokens.Count)
        {
            throw new TemplateException($"{where}: unexpected '{tokens[parser.position].Text}'");
        }

        return pipeline;
    }

    private Token? Peek(int offset = 0) => position + offset < tokens.Count ? tokens[position + offset] : null;

    private Pipeline ParsePipeline(int maxVariables)
    {
        var variables = new List<string>();
        var isAssignment = false;
        if (Peek() is { Kind: TokenKind.Variable } first && Peek(1) is { Kind: TokenKind.Declare or TokenKind.Assign or TokenKind.Comma })
        {
            variables.Add(first.Text);
            position++;
            if (Peek() is { Kind: TokenKind.Comma })
            {
                if (maxVariables < 2 || Peek(1) is not { Kind: TokenKind.Variable } second)
                {
                    throw new TemplateException($"{where}: two variables are only declared by range");
                }

                variables.Add(second.Text);
                position += 2;
            }

            var op = Peek() ?? throw new TemplateException($"{where}: expected := or =");
            isAssignment = op.Kind == TokenKind.Assign;
            if (op.Kind is not (TokenKind.Declare or TokenKind.Assign) || isAssignment && variables.Count > 1)
            {
                throw new TemplateException($"{where}: expected := or = after the variables");
            }

            position++;
        }

        var commands = new List<Command> { ParseCommand() };
        while (Peek() is { Kind: TokenKind.Pipe })
        {
            position++;
            commands.Add(ParseCommand());
        }

        return new Pipeline(variables, isAssignment, commands, where);
    }

    private Command ParseCommand()
    {
        var operands = new List<Expr>();
        while (Peek() is { } token && token.Kind is not (TokenKind.Pipe or TokenKind.RightParen))
        {
            operands.Add(ParseOperand());
        }

        if (operands.Count == 0)
        {
            throw new TemplateException($"{where}: missing command");
        }

        return new Command(operands);
    }

    private Expr ParseOperand()
    {
        var token = tokens[position++];
        Expr term = token.Kind switch
        {
            TokenKind.Dot => new DotExpr(),
            TokenKind.Field => new FieldExpr(new DotExpr(), [token.Text]),
            TokenKind.Variable => new VariableExpr(token.Text),
            TokenKind.String => new LiteralExpr(token.Text),
            TokenKind.Number => new LiteralExpr(ParseNumber(token.Text)),
            TokenKind.Identifier => token.Text switch
            {
                "true" => new LiteralExpr(true),
                "false" => new LiteralExpr(false),
                "nil" => new LiteralExpr(null),
                _ => new FunctionExpr(token.Text),
            },
            TokenKind.LeftParen => ParseParenthesized(),
            _ => throw new TemplateException($"{where}: unexpected '{token.Text}'"),
        };

        var fields = term is FieldExpr { Receiver: DotExpr } field ? [.. field.Fields] : new List<string>();
        while (Peek() is { Kind: TokenKind.Field, Adjacent: true } next)
        {
            if (term is FunctionExpr or LiteralExpr)
            {
                throw new TemplateException($"{where}: a field of '{token.Text}' is not supported");
            }

            fields.Add(next.Text);
            position++;
        }

        if (term is FieldExpr { Receiver: DotExpr })
        {
            return new FieldExpr(new DotExpr(), fields);
        }

        return fields.Count == 0 ? term : new FieldExpr(term, fields);
    }

    private PipelineExpr ParseParenthesized()
    {
        var inner = ParsePipeline(maxVariables: 0);
        if (inner.Variables.Count > 0)
        {
            throw new TemplateException($"{where}: variables cannot be declared inside parentheses here");
        }

        if (Peek() is not { Kind: TokenKind.RightParen })
        {
            throw new TemplateException($"{where}: missing ')'");
        }

        position++;
        return new PipelineExpr(inner);
    }

    private object ParseNumber(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && text.Any(c => c is '.' or 'e' or 'E'))
        {
            return real;
        }

        throw new TemplateException($"{where}: unsupported number literal '{text}'");
    }
}
