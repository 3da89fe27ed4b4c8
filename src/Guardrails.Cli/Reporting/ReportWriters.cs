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
                using (var writer = TextOutput(output, leaveOpen: true))
                {
                    TextReportWriter.Write(report, writer, style);
                }

                break;
        }
    }

    /// <summary>The writer of a text report: UTF-8 without a byte order mark, <c>\n</c> line ends.</summary>
    public static StreamWriter TextOutput(Stream output, bool leaveOpen = false) =>
        new(output, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen) { NewLine = "\n" };
}
