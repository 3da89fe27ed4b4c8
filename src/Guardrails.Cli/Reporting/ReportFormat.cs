namespace Guardrails.Cli.Reporting;

/// <summary>The report formats of <c>guardrails check</c>.</summary>
internal enum ReportFormat
{
    /// <summary>Grouped, human-readable lines.</summary>
    Text,

    /// <summary><c>guardrails.dev/v1</c> CheckReport.</summary>
    Json,

    /// <summary>SARIF 2.1.0, for code-scanning tools.</summary>
    Sarif,

    /// <summary>JUnit XML, for CI test-report viewers.</summary>
    JUnit,
}
