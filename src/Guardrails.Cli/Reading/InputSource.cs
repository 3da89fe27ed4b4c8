namespace Guardrails.Cli.Reading;

/// <summary>One input of a check: a file, or standard input.</summary>
/// <param name="DisplayPath">The path as reports show it (relative as given; <c>&lt;stdin&gt;</c> for standard input).</param>
/// <param name="FullPath">The file to read; null for standard input.</param>
internal sealed record InputSource(string DisplayPath, string? FullPath)
{
    public const string StandardInputName = "<stdin>";

    public static InputSource StandardInput { get; } = new(StandardInputName, null);

    public bool IsStandardInput => FullPath is null;
}
