namespace Guardrails.Chart.Tests.Rendering;

/// <summary>
/// The evaluated arguments of one function call, with Go's parameter checks: an int parameter takes an int (a
/// number from values is a float64 and needs <c>int</c>), a string parameter takes a string and nothing else.
/// </summary>
internal sealed class FunctionCall(string name, IReadOnlyList<object?> args, string where, TemplateEngine engine)
{
    public string Name { get; } = name;

    public IReadOnlyList<object?> Args { get; } = args;

    public string Where { get; } = where;

    public TemplateEngine Engine { get; } = engine;

    public FunctionCall Arity(int count) =>
        Args.Count == count ? this : throw Fail($"takes {count} argument{(count == 1 ? "" : "s")}, got {Args.Count}");

    public FunctionCall AtLeast(int count) =>
        Args.Count >= count ? this : throw Fail($"takes at least {count} arguments, got {Args.Count}");

    public object? Arg(int index) => Args[index];

    public string String(int index) => Args[index] as string
        ?? throw Fail($"argument {index + 1} must be a string, got {GoFormat.TypeName(Args[index])}");

    public long Int(int index) => Args[index] is long value
        ? value
        : throw Fail($"argument {index + 1} must be an int, got {GoFormat.TypeName(Args[index])}{(Args[index] is double ? " (numbers from values are float64: wrap them in int)" : "")}");

    public TemplateMap Map(int index) => Args[index] as TemplateMap
        ?? throw Fail($"argument {index + 1} must be a map, got {GoFormat.TypeName(Args[index])}");

    public IReadOnlyList<object?> List(int index, bool nilIsEmpty = false) => Args[index] switch
    {
        List<object?> list => list,
        null when nilIsEmpty => [],
        var other => throw Fail($"argument {index + 1} must be a list, got {GoFormat.TypeName(other)}"),
    };

    public TemplateException Fail(string problem) => new($"{Where}: {Name}: {problem}");
}
