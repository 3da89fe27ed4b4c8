namespace Guardrails.Cli.Reporting;

/// <summary>SARIF 2.1.0 (placeholder until written).</summary>
internal static class SarifReportWriter
{
    public static void Write(CheckReport report, Stream output) => throw new NotSupportedException($"{report.PolicySource}{output.Length}");
}
