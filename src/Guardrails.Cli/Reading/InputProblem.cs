namespace Guardrails.Cli.Reading;

/// <summary>An input that could not be read or parsed: a missing file, invalid YAML, invalid UTF-8.</summary>
/// <param name="File">The input's display path.</param>
/// <param name="Line">One-based line; 0 when the problem concerns the whole file.</param>
/// <param name="Column">One-based column; 0 when unknown.</param>
/// <param name="Message">What is wrong.</param>
internal sealed record InputProblem(string File, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
