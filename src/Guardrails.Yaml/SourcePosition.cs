namespace Guardrails.Yaml;

/// <summary>A one-based line and column in a source file.</summary>
/// <param name="Line">One-based line number.</param>
/// <param name="Column">One-based column number.</param>
public readonly record struct SourcePosition(int Line, int Column)
{
    /// <summary>Returns <c>line:column</c>.</summary>
    public override string ToString() => $"{Line}:{Column}";
}
