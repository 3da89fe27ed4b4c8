namespace Guardrails.EndToEnd.Kubernetes;

/// <summary>What kubectl printed and returned, with the admission warnings it printed as <c>Warning: ...</c> lines.</summary>
internal sealed record KubectlResult(ProcessResult Process)
{
    private const string WarningPrefix = "Warning: ";

    public int ExitCode => Process.ExitCode;

    public string Output => Process.Output;

    public string Errors => Process.Errors;

    public IReadOnlyList<string> Warnings =>
        [.. Errors.Split('\n').Where(l => l.StartsWith(WarningPrefix, StringComparison.Ordinal)).Select(l => l[WarningPrefix.Length..])];

    /// <summary>Standard error without the warning lines: the errors themselves.</summary>
    public string ErrorLines => string.Join('\n', Errors.Split('\n').Where(l => l.Length > 0 && !l.StartsWith(WarningPrefix, StringComparison.Ordinal)));

    public string Describe() => Process.Describe();
}
