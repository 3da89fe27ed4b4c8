using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Cluster;

/// <summary>The log messages of the cluster caches; problems are logged once each, not at every retry.</summary>
internal static partial class ClusterCacheLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "{Cache} synced: {Count} {Resource} from {Host}")]
    public static partial void Synced(ILogger logger, string cache, int count, string resource, string host);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "{Cache} re-listed: {Count} {Resource}")]
    public static partial void Relisted(ILogger logger, string cache, int count, string resource);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "{Cache}: the watch's resourceVersion {ResourceVersion} has expired; listing again")]
    public static partial void Expired(ILogger logger, string cache, string resourceVersion);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "{Cache}: {Problem}; retrying with backoff, {Consequence}")]
    public static partial void Problem(ILogger logger, string cache, string problem, string consequence, Exception? unexpected);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "{Cache}: recovered after: {Problem}")]
    public static partial void Recovered(ILogger logger, string cache, string problem);
}
