
namespace Guardrails.Cli.Reporting;

/// <summary>A report written from what a check finds as it goes (<see cref="ICheckSink"/>), which may fail to be written.</summary>
internal interface IReportSink : ICheckSink
{
    /// <summary>The first exception writing the report (or its temporary files) threw; null when it was written.</summary>
    Exception? Failure { get; }
}
