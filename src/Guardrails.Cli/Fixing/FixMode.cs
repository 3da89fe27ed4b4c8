namespace Guardrails.Cli.Fixing;

/// <summary>What <c>guardrails fix</c> does with the fixes it finds.</summary>
internal enum FixMode
{
    /// <summary>Rewrite the files in place (standard input: the fixed text to standard output).</summary>
    Write,

    /// <summary>Print a unified diff and change nothing (<c>--diff</c>).</summary>
    Diff,

    /// <summary>Change nothing and exit 1 when a fix would change something (<c>--check</c>).</summary>
    Check,
}
