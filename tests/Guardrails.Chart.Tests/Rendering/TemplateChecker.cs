namespace Guardrails.Chart.Tests.Rendering;

/// <summary>
/// What text/template checks when it parses, before anything runs: every function exists and every variable is
/// declared in scope. Done on every branch, so a mistake in a branch no test value reaches still fails.
/// </summary>
internal static class TemplateChecker
{
    public static void Check(ParsedTemplate template)
    {
        CheckList(template.Nodes, ["$"]);
        foreach (var body in template.Defines.Values)
        {
            CheckList(body, ["$"]);
        }
    }

    private static void CheckList(IReadOnlyList<Node> nodes, List<string> scope)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case ActionNode action:
                    CheckPipeline(action.Pipeline, scope);
                    break;
                case IfNode conditional:
                    CheckBranches(conditional.Condition, conditional.Then, conditional.Else, scope);
                    break;
                case WithNode with:
                    CheckBranches(with.Value, with.Then, with.Else, scope);
                    break;
                case RangeNode range:
                    CheckBranches(range.Collection, range.Body, range.Else, scope);
                    break;
                case TemplateCallNode { Argument: { } argument }:
                    CheckPipeline(argument, scope);
                    break;
            }
        }
    }

    private static void CheckBranches(Pipeline pipeline, IReadOnlyList<Node> then, IReadOnlyList<Node>? otherwise, List<string> scope)
    {
        var mark = scope.Count;
        CheckPipeline(pipeline, scope);
        var afterPipeline = scope.Count;
        CheckList(then, scope);
        scope.RemoveRange(afterPipeline, scope.Count - afterPipeline);
        CheckList(otherwise ?? [], scope);
        scope.RemoveRange(mark, scope.Count - mark);
    }

    private static void CheckPipeline(Pipeline pipeline, List<string> scope)
    {
        foreach (var operand in pipeline.Commands.SelectMany(c => c.Operands))
        {
            CheckExpr(operand, scope, pipeline.Where);
        }

        if (pipeline.IsAssignment)
        {
            Require(pipeline.Variables[0], scope, pipeline.Where);
        }
        else
        {
            scope.AddRange(pipeline.Variables);
        }
    }

    private static void CheckExpr(Expr expr, List<string> scope, string where)
    {
        switch (expr)
        {
            case VariableExpr variable:
                Require(variable.Name, scope, where);
                break;
            case FunctionExpr function when function.Name is not ("and" or "or") && !TemplateFunctions.Exists(function.Name):
                throw new TemplateException($"{where}: function \"{function.Name}\" is not supported by the test renderer (add it, with its Go semantics, to TemplateFunctions)");
            case FieldExpr field:
                CheckExpr(field.Receiver, scope, where);
                break;
            case PipelineExpr inner:
                CheckPipeline(inner.Pipeline, scope);
                break;
        }
    }

    private static void Require(string name, List<string> scope, string where)
    {
        if (!scope.Contains(name))
        {
            throw new TemplateException($"{where}: undefined variable {name}");
        }
    }
}
