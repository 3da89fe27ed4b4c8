namespace Guardrails.Cli.Reading;

/// <summary>What the paths of a check expand to.</summary>
/// <param name="Inputs">The files to read, and standard input, in order.</param>
/// <param name="Problems">Paths that are no input: missing, unreadable, or not a file.</param>
/// <param name="Skipped">Entries of folders that were not read, and why.</param>
internal sealed record CollectedInputs(IReadOnlyList<InputSource> Inputs, IReadOnlyList<InputProblem> Problems, IReadOnlyList<SkippedPath> Skipped);

/// <summary>An entry of a folder that a check did not read: a FIFO, socket or device, or a folder reached again through a link.</summary>
/// <param name="Path">Its display path.</param>
/// <param name="Reason">Why it was not read.</param>
internal sealed record SkippedPath(string Path, string Reason);
