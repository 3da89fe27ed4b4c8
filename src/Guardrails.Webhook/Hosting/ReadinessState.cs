using System.Diagnostics;

namespace Guardrails.Webhook.Hosting;

/// <summary>Whether the webhook is draining after SIGTERM (then <c>/readyz</c> fails while requests are still served), and since when.</summary>
internal sealed class ReadinessState
{
    private long _drainingSince;

    public bool Draining => Volatile.Read(ref _drainingSince) != 0;

    /// <summary>How long the webhook has been draining; zero when it is not.</summary>
    public TimeSpan DrainingFor => Volatile.Read(ref _drainingSince) is var since and not 0 ? Stopwatch.GetElapsedTime(since) : TimeSpan.Zero;

    public void StartDraining() => Interlocked.CompareExchange(ref _drainingSince, Stopwatch.GetTimestamp(), 0);
}
