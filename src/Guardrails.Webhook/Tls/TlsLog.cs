using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Tls;

/// <summary>The log messages of the TLS layer.</summary>
internal static partial class TlsLog
{
    [LoggerMessage(EventId = 1, EventName = "TlsCertificateLoaded", Level = LogLevel.Information,
        Message = "Serving TLS certificate {Subject} (serial {SerialNumber}, expires {NotAfter:u}) from {Source}")]
    public static partial void CertificateLoaded(this ILogger logger, string subject, string serialNumber, DateTimeOffset notAfter, string source);

    [LoggerMessage(EventId = 2, EventName = "TlsCertificateWarning", Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void CertificateWarning(this ILogger logger, string warning);

    [LoggerMessage(EventId = 3, EventName = "TlsCertificateReloadFailed", Level = LogLevel.Error,
        Message = "Reloading the TLS certificate failed; still serving {Subject} (serial {SerialNumber}): {Error}")]
    public static partial void ReloadFailed(this ILogger logger, string subject, string serialNumber, string error);

    [LoggerMessage(EventId = 4, EventName = "TlsWatchUnavailable", Level = LogLevel.Warning,
        Message = "Cannot watch {Folder} for certificate changes; relying on polling every {PollInterval}: {Error}")]
    public static partial void WatchUnavailable(this ILogger logger, string folder, TimeSpan pollInterval, string error);

    [LoggerMessage(EventId = 5, EventName = "TlsWatchError", Level = LogLevel.Debug,
        Message = "The watcher of {Folder} reported an error; re-reading the certificate files")]
    public static partial void WatchError(this ILogger logger, string folder, Exception error);
}
