namespace Guardrails.Cli.Reporting;

/// <summary>JUnit XML (placeholder until written).</summary>
internal static class JUnitReportWriter
{
    public static void Write(CheckReport report, Stream output) => throw new NotSupportedException($"{report.PolicySource}{output.Length}");
}
