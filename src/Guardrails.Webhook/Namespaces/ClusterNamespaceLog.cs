using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Namespaces;

/// <summary>The namespace cache's own log message (the list and watch log through <see cref="Cluster.ClusterCacheLog"/>).</summary>
internal static partial class ClusterNamespaceLog
{
    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Namespace labels unknown, namespace selectors will be assumed to match: {Reason}")]
    public static partial void LookupFailed(ILogger logger, string reason);
}
