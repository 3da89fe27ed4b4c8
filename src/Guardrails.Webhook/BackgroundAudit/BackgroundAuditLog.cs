using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.BackgroundAudit;

/// <summary>The log messages of the background audit: the Lease changing hands, each pass, each failure.</summary>
internal static partial class BackgroundAuditLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "background audit: every {Interval}, one replica at a time through lease {Lease} (this replica: {Identity})")]
    public static partial void Started(ILogger logger, TimeSpan interval, string lease, string identity);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "background audit: this replica holds lease {Lease} and audits")]
    public static partial void Leading(ILogger logger, string lease);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "background audit: this replica no longer holds lease {Lease}; another audits")]
    public static partial void Following(ILogger logger, string lease);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "background audit pass: {Objects} objects in {Namespaces} namespaces, {Compliant} compliant, {Denied} would be denied, {Warned} warned, {Errored} not judged; {Written} reports written, {Deleted} deleted, in {Seconds:0.0} s")]
    public static partial void Passed(ILogger logger, int objects, int namespaces, int compliant, int denied, int warned, int errored, int written, int deleted, double seconds);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "background audit pass failed: {Problem}; the reports and metrics of the last pass stay, next try in {Interval}")]
    public static partial void Failed(ILogger logger, string problem, TimeSpan interval);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Warning, Message = "background audit: lease {Lease}: {Problem}")]
    public static partial void LeaseProblem(ILogger logger, string lease, string problem);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Information, Message = "background audit pass stopped: the lease {Lease} was lost")]
    public static partial void Abandoned(ILogger logger, string lease);
}
