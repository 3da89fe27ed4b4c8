using System.Threading.RateLimiting;

namespace Guardrails.Webhook.Audit;

/// <summary>The limiter of an audit's calls to the API server: a token bucket that refills at the rate and holds one second's worth.</summary>
internal static class ApiCallRate
{
    /// <summary>A limiter of <paramref name="perSecond"/> calls a second, or null for none.</summary>
    public static RateLimiter? Limiter(double? perSecond)
    {
        if (perSecond is not { } rate)
        {
            return null;
        }

        var burst = Math.Max(1, (int)Math.Floor(rate));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = burst,
            ReplenishmentPeriod = TimeSpan.FromSeconds(burst / rate),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
