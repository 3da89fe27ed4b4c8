namespace Guardrails.Cli.Reporting;

/// <summary>One report to write: a format, to a file or (path null) to standard output.</summary>
internal sealed record ReportTarget(ReportFormat Format, string? Path);
