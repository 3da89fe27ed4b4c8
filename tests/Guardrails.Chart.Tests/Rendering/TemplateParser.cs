namespace Guardrails.Chart.Tests.Rendering;

/// <summary>A parsed template file: its top-level nodes and the templates it defines.</summary>
internal sealed record ParsedTemplate(string Name, IReadOnlyList<Node> Nodes, IReadOnlyDictionary<string, IReadOnlyList<Node>> Defines);

/// <summary>
/// Builds the node tree of a template: if / else if / else, with / else, range / else, define, template, end.
/// Every other keyword (block, break, continue, else with, ...) is refused rather than guessed at.
/// </summary>
internal sealed class TemplateParser
{
    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal) { "block", "break", "continue" };

    private readonly IReadOnlyList<Segment> segments;
    private readonly Dictionary<string, IReadOnlyList<Node>> defines = new(StringComparer.Ordinal);
    private int position;

    private TemplateParser(IReadOnlyList<Segment> segments) => this.segments = segments;

    public static ParsedTemplate Parse(string name, string text)
    {
        var parser = new TemplateParser(TemplateScanner.Scan(text, name));
        var (nodes, terminator) = parser.ParseList(topLevel: true);
        if (terminator is not null)
        {
            throw new TemplateException($"{terminator.Where}: unexpected {{{{{terminator.Keyword}}}}}");
        }

        return new ParsedTemplate(name, nodes, parser.defines);
    }

    // The nodes up to an {{else}} or {{end}} (returned as the terminator), or to the end of the file at top level.
    private (List<Node> Nodes, Terminator? Terminator) ParseList(bool topLevel)
    {
        var nodes = new List<Node>();
        while (position < segments.Count)
        {
            var segment = segments[position++];
            var where = $"{segment.Template}:{segment.Line}";
            if (segment is TextSegment text)
            {
                nodes.Add(new TextNode(where, text.Text));
                continue;
            }

            var action = (ActionSegment)segment;
            var tokens = ActionLexer.Lex(action.Body, where);
            var keyword = tokens[0].Kind == TokenKind.Identifier ? tokens[0].Text : null;
            switch (keyword)
            {
                case "end":
                    if (tokens.Count > 1)
                    {
                        throw new TemplateException($"{where}: unexpected tokens after end");
                    }

                    return (nodes, new Terminator("end", where, tokens));
                case "else":
                    return (nodes, new Terminator("else", where, tokens));
                case "if":
                    nodes.Add(ParseIf(where, PipelineParser.Parse(tokens, 1, where)));
                    break;
                case "with":
                    nodes.Add(ParseWith(where, PipelineParser.Parse(tokens, 1, where)));
                    break;
                case "range":
                    nodes.Add(ParseRange(where, PipelineParser.Parse(tokens, 1, where, maxVariables: 2)));
                    break;
                case "define":
                    ParseDefine(where, tokens, topLevel);
                    break;
                case "template":
                    nodes.Add(ParseTemplateCall(where, tokens));
                    break;
                case { } word when Unsupported.Contains(word):
                    throw new TemplateException($"{where}: {{{{{word}}}}} is not supported by the test renderer");
                default:
                    nodes.Add(new ActionNode(where, PipelineParser.Parse(tokens, 0, where)));
                    break;
            }
        }

        return (nodes, null);
    }

    private IfNode ParseIf(string where, Pipeline condition)
    {
        var (then, terminator) = ParseList(topLevel: false);
        return new IfNode(where, condition, then, ParseElse(where, terminator, "if", (elseWhere, rest) => ParseIf(elseWhere, rest)));
    }

    private WithNode ParseWith(string where, Pipeline value)
    {
        var (then, terminator) = ParseList(topLevel: false);
        return new WithNode(where, value, then, ParseElse(where, terminator, "with", chained: null));
    }

    private RangeNode ParseRange(string where, Pipeline collection)
    {
        var (body, terminator) = ParseList(topLevel: false);
        return new RangeNode(where, collection, body, ParseElse(where, terminator, "range", chained: null));
    }

    // What follows the body: nothing ({{end}}), an {{else}} list, or for if a chained {{else if}}.
    private List<Node>? ParseElse(string where, Terminator? terminator, string owner, Func<string, Pipeline, Node>? chained)
    {
        switch (terminator)
        {
            case null:
                throw new TemplateException($"{where}: {{{{{owner}}}}} has no {{{{end}}}}");
            case { Keyword: "end" }:
                return null;
            case { Tokens.Count: 1 }:
                var (otherwise, last) = ParseList(topLevel: false);
                if (last is not { Keyword: "end" })
                {
                    throw new TemplateException($"{where}: {{{{else}}}} of {{{{{owner}}}}} has no {{{{end}}}}");
                }

                return otherwise;
            case { Tokens: [_, { Kind: TokenKind.Identifier, Text: "if" }, ..] } when chained is not null:
                return [chained(terminator.Where, PipelineParser.Parse(terminator.Tokens, 2, terminator.Where))];
            default:
                throw new TemplateException($"{terminator.Where}: this form of {{{{else}}}} is not supported by the test renderer");
        }
    }

    private void ParseDefine(string where, IReadOnlyList<Token> tokens, bool topLevel)
    {
        if (!topLevel || tokens is not [_, { Kind: TokenKind.String } name])
        {
            throw new TemplateException($"{where}: define takes one quoted name and must be at top level");
        }

        var (body, terminator) = ParseList(topLevel: false);
        if (terminator is not { Keyword: "end" })
        {
            throw new TemplateException($"{where}: define \"{name.Text}\" has no {{{{end}}}}");
        }

        if (!defines.TryAdd(name.Text, body))
        {
            throw new TemplateException($"{where}: \"{name.Text}\" is defined twice");
        }
    }

    private static TemplateCallNode ParseTemplateCall(string where, IReadOnlyList<Token> tokens)
    {
        if (tokens.Count < 2 || tokens[1].Kind != TokenKind.String)
        {
            throw new TemplateException($"{where}: template takes a quoted name");
        }

        return new TemplateCallNode(where, tokens[1].Text, tokens.Count > 2 ? PipelineParser.Parse(tokens, 2, where) : null);
    }

    private sealed record Terminator(string Keyword, string Where, IReadOnlyList<Token> Tokens);
}
