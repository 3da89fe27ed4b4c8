using System.Text;

namespace Guardrails.Chart.Tests.Rendering;

/// <summary>Looks up a cluster object for Helm's <c>lookup</c>: apiVersion, kind, namespace, name; an empty map when absent.</summary>
internal delegate TemplateMap ClusterLookup(string apiVersion, string kind, string ns, string name);

/// <summary>
/// Executes parsed templates with text/template's semantics for the subset the chart uses: output of pipelines,
/// variables and their scopes, if / with / range with else, define / include / template, and the functions of
/// <see cref="TemplateFunctions"/>. Anything outside that subset is an error, never a silent guess.
/// </summary>
internal sealed class TemplateEngine
{
    private const int MaxIncludeDepth = 100;

    private readonly Dictionary<string, (string Where, IReadOnlyList<Node> Body)> defines = new(StringComparer.Ordinal);
    private readonly ClusterLookup lookup;
    private int includeDepth;

    public TemplateEngine(IEnumerable<ParsedTemplate> templates, ClusterLookup? lookup = null)
    {
        foreach (var template in templates)
        {
            foreach (var (name, body) in template.Defines)
            {
                if (!defines.TryAdd(name, (template.Name, body)))
                {
                    throw new TemplateException($"{template.Name}: \"{name}\" is already defined in {defines[name].Where}");
                }
            }
        }

        this.lookup = lookup ?? ((_, _, _, _) => new TemplateMap([], strict: false, "lookup result"));
    }

    /// <summary>Go's truth: false, 0, nil and empty strings, lists and maps are false; everything else is true.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool flag => flag,
        string text => text.Length > 0,
        long number => number != 0,
        double number => number != 0,
        TemplateMap map => map.Count > 0,
        List<object?> list => list.Count > 0,
        _ => true,
    };

    public string Render(ParsedTemplate template, object? data)
    {
        var output = new StringBuilder();
        Execute(template.Nodes, data, new Variables(data), output);
        return output.ToString();
    }

    public string Include(string name, object? data, string where)
    {
        if (!defines.TryGetValue(name, out var define))
        {
            throw new TemplateException($"{where}: no template \"{name}\"");
        }

        if (++includeDepth > MaxIncludeDepth)
        {
            throw new TemplateException($"{where}: include \"{name}\" nests deeper than {MaxIncludeDepth}");
        }

        try
        {
            var output = new StringBuilder();
            Execute(define.Body, data, new Variables(data), output);
            return output.ToString();
        }
        finally
        {
            includeDepth--;
        }
    }

    public TemplateMap Lookup(string apiVersion, string kind, string ns, string name) => lookup(apiVersion, kind, ns, name);

    private void Execute(IReadOnlyList<Node> nodes, object? dot, Variables variables, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case ActionNode action:
                    var value = Pipeline(action.Pipeline, dot, variables);
                    if (action.Pipeline.Variables.Count == 0)
                    {
                        output.Append(GoFormat.Print(value, action.Where));
                    }

                    break;
                case IfNode conditional:
                    Scoped(variables, () =>
                    {
                        var branch = IsTrue(Pipeline(conditional.Condition, dot, variables)) ? conditional.Then : conditional.Else;
                        Execute(branch ?? [], dot, variables, output);
                    });
                    break;
                case WithNode with:
                    Scoped(variables, () =>
                    {
                        var value = Pipeline(with.Value, dot, variables);
                        if (IsTrue(value))
                        {
                            Execute(with.Then, value, variables, output);
                        }
                        else
                        {
                            Execute(with.Else ?? [], dot, variables, output);
                        }
                    });
                    break;
                case RangeNode range:
                    Scoped(variables, () => Range(range, dot, variables, output));
                    break;
                case TemplateCallNode call:
                    output.Append(Include(call.Name, call.Argument is null ? null : Pipeline(call.Argument, dot, variables), call.Where));
                    break;
                default:
                    throw new TemplateException($"{node.Where}: unknown node {node.GetType().Name}");
            }
        }
    }

    private void Range(RangeNode range, object? dot, Variables variables, StringBuilder output)
    {
        var collection = Commands(range.Collection, dot, variables);
        IEnumerable<(object? Key, object? Value)> items = collection switch
        {
            null => [],
            List<object?> list => list.Select((item, i) => ((object?)(long)i, item)),
            TemplateMap map => map.Entries.Select(p => ((object?)p.Key, p.Value)),
            var other => throw new TemplateException($"{range.Where}: range over a {GoFormat.TypeName(other)} is not supported"),
        };

        var any = false;
        foreach (var (key, value) in items)
        {
            any = true;
            var mark = variables.Mark();
            switch (range.Collection.Variables.Count)
            {
                case 1:
                    variables.Declare(range.Collection.Variables[0], value);
                    break;
                case 2:
                    variables.Declare(range.Collection.Variables[0], key);
                    variables.Declare(range.Collection.Variables[1], value);
                    break;
            }

            Execute(range.Body, value, variables, output);
            variables.Reset(mark);
        }

        if (!any && range.Else is { } otherwise)
        {
            Execute(otherwise, dot, variables, output);
        }
    }

    private static void Scoped(Variables variables, Action body)
    {
        var mark = variables.Mark();
        body();
        variables.Reset(mark);
    }

    private object? Pipeline(Pipeline pipeline, object? dot, Variables variables)
    {
        var value = Commands(pipeline, dot, variables);
        if (pipeline.IsAssignment)
        {
            variables.Assign(pipeline.Variables[0], value, pipeline.Where);
        }
        else if (pipeline.Variables.Count == 1)
        {
            variables.Declare(pipeline.Variables[0], value);
        }
        else if (pipeline.Variables.Count > 1)
        {
            throw new TemplateException($"{pipeline.Where}: two variables outside range");
        }

        return value;
    }

    // The value of the commands, without the declaration.
    private object? Commands(Pipeline pipeline, object? dot, Variables variables)
    {
        object? value = null;
        for (var i = 0; i < pipeline.Commands.Count; i++)
        {
            value = Command(pipeline.Commands[i], dot, variables, piped: i > 0, value, pipeline.Where);
        }

        return value;
    }

    private object? Command(Command command, object? dot, Variables variables, bool piped, object? input, string where)
    {
        if (command.Operands[0] is not FunctionExpr function)
        {
            if (command.Operands.Count > 1 || piped)
            {
                throw new TemplateException($"{where}: can't give an argument to a non-function");
            }

            return Evaluate(command.Operands[0], dot, variables, where);
        }

        var operands = command.Operands.Skip(1).ToList();
        if (function.Name is "and" or "or")
        {
            return ShortCircuit(function.Name, operands, piped, input, dot, variables, where);
        }

        var args = operands.Select(o => Evaluate(o, dot, variables, where)).ToList();
        if (piped)
        {
            args.Add(input);
        }

        return TemplateFunctions.Call(new FunctionCall(function.Name, args, where, this));
    }

    // and returns the first false argument or the last one; or the first true argument or the last one.
    private object? ShortCircuit(string name, List<Expr> operands, bool piped, object? input, object? dot, Variables variables, string where)
    {
        var count = operands.Count + (piped ? 1 : 0);
        if (count == 0)
        {
            throw new TemplateException($"{where}: {name} needs at least one argument");
        }

        object? value = null;
        for (var i = 0; i < count; i++)
        {
            value = i < operands.Count ? Evaluate(operands[i], dot, variables, where) : input;
            if (IsTrue(value) == (name == "or"))
            {
                return value;
            }
        }

        return value;
    }

    private object? Evaluate(Expr expr, object? dot, Variables variables, string where) => expr switch
    {
        DotExpr => dot,
        VariableExpr variable => variables.Get(variable.Name, where),
        LiteralExpr literal => literal.Value,
        FunctionExpr function when function.Name is "and" or "or" => throw new TemplateException($"{where}: {function.Name} needs arguments"),
        FunctionExpr function => TemplateFunctions.Call(new FunctionCall(function.Name, [], where, this)),
        PipelineExpr inner => Commands(inner.Pipeline, dot, variables),
        FieldExpr field => field.Fields.Aggregate(Evaluate(field.Receiver, dot, variables, where), (value, name) => Field(value, name, where)),
        _ => throw new TemplateException($"{where}: unknown expression {expr.GetType().Name}"),
    };

    private static object? Field(object? value, string name, string where) => value switch
    {
        TemplateMap map => Wrap(() => map.Field(name), where),
        null => throw new TemplateException($"{where}: nil pointer evaluating interface {{}}.{name}"),
        _ => throw new TemplateException($"{where}: can't evaluate field {name} in a {GoFormat.TypeName(value)}"),
    };

    private static object? Wrap(Func<object?> read, string where)
    {
        try
        {
            return read();
        }
        catch (TemplateException ex)
        {
            throw new TemplateException($"{where}: {ex.Message}", ex);
        }
    }

    /// <summary>The variables in scope, innermost last; <c>$</c> is the data the template was called with.</summary>
    private sealed class Variables
    {
        private readonly List<(string Name, object? Value)> entries = [];

        public Variables(object? root) => entries.Add(("$", root));

        public int Mark() => entries.Count;

        public void Reset(int mark) => entries.RemoveRange(mark, entries.Count - mark);

        public void Declare(string name, object? value) => entries.Add((name, value));

        public void Assign(string name, object? value, string where)
        {
            var index = entries.FindLastIndex(e => e.Name == name);
            if (index < 0)
            {
                throw new TemplateException($"{where}: undefined variable {name}");
            }

            entries[index] = (name, value);
        }

        public object? Get(string name, string where)
        {
            var index = entries.FindLastIndex(e => e.Name == name);
            return index >= 0 ? entries[index].Value : throw new TemplateException($"{where}: undefined variable {name}");
        }
    }
}
