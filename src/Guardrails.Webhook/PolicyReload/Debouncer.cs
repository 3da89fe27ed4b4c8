namespace Guardrails.Webhook.PolicyReload;

/// <summary>Runs an action once signals have stopped for a while: a burst of signals runs it once, after the last one.</summary>
internal sealed class Debouncer : IDisposable
{
    private readonly TimeSpan _delay;
    private readonly ITimer _timer;
    private volatile bool _disposed;

    /// <summary>Creates a debouncer; nothing runs until the first signal.</summary>
    public Debouncer(TimeProvider time, TimeSpan delay, Action action)
    {
        _delay = delay;
        _timer = time.CreateTimer(_ => action(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts, or restarts, the quiet period.</summary>
    public void Signal()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            _timer.Change(_delay, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // A file event that raced Dispose: there is nothing left to reload.
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
    }
}
