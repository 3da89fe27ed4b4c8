namespace Guardrails.Chart.Tests.Rendering;

/// <summary>An operand of a command.</summary>
internal abstract record Expr;

/// <summary><c>.</c></summary>
internal sealed record DotExpr : Expr;

/// <summary><c>.A.B</c>, <c>$x.A</c> or <c>(pipeline).A</c>: fields of a receiver.</summary>
internal sealed record FieldExpr(Expr Receiver, IReadOnlyList<string> Fields) : Expr;

/// <summary><c>$</c> or <c>$name</c>.</summary>
internal sealed record VariableExpr(string Name) : Expr;

/// <summary>A string, number, bool or nil constant.</summary>
internal sealed record LiteralExpr(object? Value) : Expr;

/// <summary>A function name: called with the following operands when first in a command, with none elsewhere.</summary>
internal sealed record FunctionExpr(string Name) : Expr;

/// <summary>A parenthesized pipeline.</summary>
internal sealed record PipelineExpr(Pipeline Pipeline) : Expr;

/// <summary>Operands separated by spaces; pipes pass a command's result as the next command's last argument.</summary>
internal sealed record Command(IReadOnlyList<Expr> Operands);

/// <summary>A pipeline, optionally declaring (<c>:=</c>) or assigning (<c>=</c>) variables.</summary>
internal sealed record Pipeline(IReadOnlyList<string> Variables, bool IsAssignment, IReadOnlyList<Command> Commands, string Where);

/// <summary>A node of a parsed template; <paramref name="Where"/> is template:line, for errors.</summary>
internal abstract record Node(string Where);

internal sealed record TextNode(string Where, string Text) : Node(Where);

internal sealed record ActionNode(string Where, Pipeline Pipeline) : Node(Where);

internal sealed record IfNode(string Where, Pipeline Condition, IReadOnlyList<Node> Then, IReadOnlyList<Node>? Else) : Node(Where);

internal sealed record WithNode(string Where, Pipeline Value, IReadOnlyList<Node> Then, IReadOnlyList<Node>? Else) : Node(Where);

internal sealed record RangeNode(string Where, Pipeline Collection, IReadOnlyList<Node> Body, IReadOnlyList<Node>? Else) : Node(Where);

internal sealed record TemplateCallNode(string Where, string Name, Pipeline? Argument) : Node(Where);
