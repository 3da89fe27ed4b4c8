using System.Text;

namespace Guardrails.Cli.Reporting;

/// <summary>Writes a report in a format to a stream.</summary>
internal static class ReportWriters
{
    public static void Write(CheckReport report, ReportFormat format, Stream output, TextStyle style)
    {
        switch (format)
        {
            case ReportFormat.Json:
                JsonReportWriter.Write(report, output);
                output.WriteByte((byte)'\n');
                break;
            case ReportFormat.Sarif:
                SarifReportWriter.Write(report, output);
                break;
            case ReportFormat.JUnit:
                JUnitReportWriter.Write(report, output);
                break;
            default:
                using (var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" })
                {
                    TextReportWriter.Write(report, writer, style);
                }

                break;
        }
    }
}
