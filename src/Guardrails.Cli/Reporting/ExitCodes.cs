namespace Guardrails.Cli.Reporting;

/// <summary>The exit codes CI pipelines branch on.</summary>
internal static class ExitCodes
{
    /// <summary>Nothing at or above the fail level.</summary>
    public const int Success = 0;

    /// <summary>Violations (check) or failed cases (test).</summary>
    public const int Violations = 1;

    /// <summary>Usage or input error: unreadable file, invalid YAML, broken policy.</summary>
    public const int InputError = 2;
}
