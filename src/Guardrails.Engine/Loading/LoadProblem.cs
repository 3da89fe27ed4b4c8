namespace Guardrails.Engine.Loading;

/// <summary>One problem found while loading policies or exemptions.</summary>
/// <param name="File">The file (or source name).</param>
/// <param name="Line">One-based line; 0 when unknown.</param>
/// <param name="Column">One-based column; 0 when unknown.</param>
/// <param name="Message">What is wrong.</param>
public sealed record LoadProblem(string File, int Line, int Column, string Message)
{
    /// <summary>Returns <c>file:line:column: message</c>, the form editors and CI logs link.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
