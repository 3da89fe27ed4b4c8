namespace Guardrails.Webhook.Cluster;

/// <summary>Timings of the cluster caches (<see cref="ClusterSync{T}"/>): the defaults suit a real API server; tests shorten them.</summary>
internal sealed record ClusterCacheOptions
{
    /// <summary>The longest a lookup of a namespace missing from the namespace cache waits for its direct GET.</summary>
    public TimeSpan LookupTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The first delay after a failed list or watch; it doubles with each failure in a row.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The cap of the delay between retries.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Each watch asks the API server to end it after between this and twice this (as client-go does), then is renewed.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long past its own timeout a silent watch stays open before the connection is assumed dead.</summary>
    public TimeSpan WatchGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The page size of the initial list (large clusters are listed in chunks of one snapshot).</summary>
    public int PageSize { get; init; } = 500;
}
