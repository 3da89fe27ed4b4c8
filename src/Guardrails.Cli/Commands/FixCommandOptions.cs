namespace Guardrails.Cli.Commands;

/// <summary>The parsed options of <c>guardrails fix</c>.</summary>
/// <param name="Judging">What to judge and with what, as <c>check</c> is told it.</param>
/// <param name="Diff">Print a unified diff and change nothing.</param>
/// <param name="Check">Change nothing; exit 1 when a fix would change a file.</param>
internal sealed record FixCommandOptions(JudgingSettings Judging, bool Diff, bool Check);
