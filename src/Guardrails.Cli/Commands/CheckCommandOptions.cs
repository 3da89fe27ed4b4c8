namespace Guardrails.Cli.Commands;

/// <summary>The parsed options of <c>guardrails check</c>.</summary>
/// <param name="Judging">What to judge and with what, as <c>fix</c> is told it.</param>
/// <param name="Formats">Each <c>--format</c>.</param>
/// <param name="Outputs">Each <c>--output</c>, paired in order with the formats.</param>
internal sealed record CheckCommandOptions(JudgingSettings Judging, IReadOnlyList<string> Formats, IReadOnlyList<string> Outputs);
