namespace Guardrails.Webhook.PolicyReload;

/// <summary>Compares the watched files' fingerprint at an interval and reports when it changed.</summary>
internal sealed class FingerprintPoller : IDisposable
{
    private readonly IReadOnlyList<string> _paths;
    private readonly Action _changed;
    private readonly Lock _gate = new();
    private readonly ITimer? _timer;
    private string _last = string.Empty;

    /// <summary>Takes the current fingerprint as the baseline and starts polling; never polls when the interval is infinite.</summary>
    public FingerprintPoller(IReadOnlyList<string> paths, TimeProvider time, TimeSpan interval, Action changed)
    {
        _paths = paths;
        _changed = changed;
        if (interval != Timeout.InfiniteTimeSpan && paths.Count > 0)
        {
            _last = FileFingerprint.Compute(paths);
            _timer = time.CreateTimer(_ => Poll(), null, interval, interval);
        }
    }

    /// <summary>Takes the current fingerprint as the baseline: called right before the files are loaded.</summary>
    public void Rebase()
    {
        if (_timer is null)
        {
            return;
        }

        lock (_gate)
        {
            _last = FileFingerprint.Compute(_paths);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _timer?.Dispose();

    private void Poll()
    {
        bool changed;
        lock (_gate)
        {
            var now = FileFingerprint.Compute(_paths);
            changed = !string.Equals(now, _last, StringComparison.Ordinal);
            _last = now;
        }

        if (changed)
        {
            _changed();
        }
    }
}
