namespace Guardrails.Webhook.Cluster;

/// <summary>Exponential backoff with jitter: each failure in a row doubles the delay up to a cap; a success starts over.</summary>
internal sealed class ClusterBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    public ClusterBackoff(TimeSpan initial, TimeSpan max)
    {
        _initial = initial;
        _max = max;
        _next = initial;
    }

    /// <summary>The delay before the next attempt: between half and all of the current step.</summary>
    public TimeSpan Next()
    {
        var step = _next;
        _next = TimeSpan.FromTicks(Math.Min(_max.Ticks, step.Ticks * 2));
        return step * (0.5 + (Random() / 2));
    }

    public void Reset() => _next = _initial;

    /// <summary>A duration between <paramref name="value"/> and twice it.</summary>
    public static TimeSpan Spread(TimeSpan value) => value * (1 + Random());

    // Jitter keeps the replicas of the webhook from hitting a recovering API server in step; it guards no secret.
#pragma warning disable CA5394
    private static double Random() => System.Random.Shared.NextDouble();
#pragma warning restore CA5394
}
