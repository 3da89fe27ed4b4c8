using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Namespaces;

/// <summary>The log messages of the cluster namespace cache; problems are logged once each, not at every retry.</summary>
internal static partial class ClusterNamespaceLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Namespace cache synced: {Count} namespaces from {Host}")]
    public static partial void Synced(ILogger logger, int count, string host);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Namespace cache re-listed: {Count} namespaces")]
    public static partial void Relisted(ILogger logger, int count);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Namespace watch: resourceVersion {ResourceVersion} has expired; listing again")]
    public static partial void Expired(ILogger logger, string resourceVersion);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Namespace cache: {Problem}; retrying with backoff, {Consequence}")]
    public static partial void Problem(ILogger logger, string problem, string consequence, Exception? unexpected);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "Namespace cache: recovered after: {Problem}")]
    public static partial void Recovered(ILogger logger, string problem);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Namespace labels unknown, namespace selectors will be assumed to match: {Reason}")]
    public static partial void LookupFailed(ILogger logger, string reason);
}
