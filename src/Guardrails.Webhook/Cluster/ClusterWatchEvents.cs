namespace Guardrails.Webhook.Cluster;

/// <summary>The types of watch events.</summary>
internal static class ClusterWatchEvents
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";
    public const string Error = "ERROR";
}
