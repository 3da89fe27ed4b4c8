using System.Diagnostics;
using System.Net;

namespace Guardrails.Webhook.Namespaces;

/// <summary>The background loop: list, then watch from the list's resourceVersion, renewing and re-listing as needed.</summary>
internal sealed partial class ClusterNamespaceLabels
{
    // A watch that ends this soon without an event is not a normal expiry: renewing it at once would spin.
    private static readonly TimeSpan ShortestWatch = TimeSpan.FromSeconds(1);

    // Written by the loop only: the resourceVersion to watch from, or null to list first.
    private string? _resourceVersion;

    private async Task RunAsync(CancellationToken stopping)
    {
        var backoff = new ClusterBackoff(_options.InitialBackoff, _options.MaxBackoff);
        while (!stopping.IsCancellationRequested)
        {
            var listing = _resourceVersion is null;
            var step = listing ? "listing" : "watching";
            try
            {
                if (listing)
                {
                    await ListAsync(stopping).ConfigureAwait(false);
                    backoff.Reset();
                    step = "watching";
                }

                // A resourceVersion that expires right after the list that produced it would have the loop list
                // without pause; that, and a watch that ends as soon as it starts, wait for the backoff.
                var renew = await WatchAsync(backoff, stopping).ConfigureAwait(false);
                if (renew && !(listing && _resourceVersion is null))
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var problem = $"{step} namespaces failed: {ClusterNamespaceApi.Describe(ex)}";
                ReportProblem(problem, ex is ClusterApiException or OperationCanceledException ? null : ex);
            }

            try
            {
                await Task.Delay(backoff.Next(), _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListAsync(CancellationToken stopping)
    {
        var (items, resourceVersion) = await _api.ListAsync(_options.PageSize, stopping).ConfigureAwait(false);
        var listed = new System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.Metadata?.Name is { } name)
            {
                listed[name] = LabelsOf(item, name);
            }
        }

        // The labels go in before the state says synced, so that no lookup sees a synced, empty cache.
        _namespaces = listed;
        _resourceVersion = resourceVersion;
        if (_state.Synced)
        {
            ClusterNamespaceLog.Relisted(_logger, listed.Count);
        }
        else
        {
            ClusterNamespaceLog.Synced(_logger, listed.Count, _api.Host);
        }

        MarkHealthy();
    }

    /// <summary>
    /// Watches until the API server ends the watch: true to renew at once (a normal expiry, or an expired
    /// resourceVersion, which leaves <see cref="_resourceVersion"/> null so that the loop lists again), false when the
    /// watch ended as soon as it started.
    /// </summary>
    private async Task<bool> WatchAsync(ClusterBackoff backoff, CancellationToken stopping)
    {
        var resourceVersion = _resourceVersion!;
        var serverTimeout = ClusterBackoff.Spread(_options.WatchTimeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(serverTimeout + _options.WatchGrace);
        var started = Stopwatch.GetTimestamp();
        ClusterWatch watch;
        try
        {
            watch = await _api.WatchAsync(resourceVersion, serverTimeout, deadline.Token).ConfigureAwait(false);
        }
        catch (ClusterApiException ex) when (ex.StatusCode == HttpStatusCode.Gone)
        {
            return Expired(resourceVersion);
        }

        using (watch)
        {
            MarkHealthy();
            var events = 0;
            try
            {
                while (await watch.ReadAsync(deadline.Token).ConfigureAwait(false) is { } change)
                {
                    events++;
                    if (!Apply(change))
                    {
                        return Expired(_resourceVersion!);
                    }

                    backoff.Reset();
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stopping.IsCancellationRequested)
            {
                throw new ClusterApiException($"the watch stayed silent past its {serverTimeout.TotalSeconds:0} s timeout; reconnecting");
            }

            return events > 0 || Stopwatch.GetElapsedTime(started) >= ShortestWatch;
        }
    }

    /// <summary>Applies one event to the cache; false when the API server says the resourceVersion has expired.</summary>
    private bool Apply(ClusterWatchEvent change)
    {
        if (change.Type == ClusterWatchEvent.Error)
        {
            return change.Status?.Code == (int)HttpStatusCode.Gone
                ? false
                : throw new ClusterApiException((HttpStatusCode?)change.Status?.Code, $"the watch ended with an error: {change.Status?.Message ?? "no detail"}");
        }

        var name = change.Namespace?.Metadata?.Name;
        switch (change.Type)
        {
            case ClusterWatchEvent.Added or ClusterWatchEvent.Modified when name is not null:
                _namespaces[name] = LabelsOf(change.Namespace!, name);
                break;
            case ClusterWatchEvent.Deleted when name is not null:
                _namespaces.TryRemove(name, out _);
                break;
        }

        _resourceVersion = change.Namespace?.Metadata?.ResourceVersion ?? _resourceVersion;
        return true;
    }

    private bool Expired(string resourceVersion)
    {
        ClusterNamespaceLog.Expired(_logger, resourceVersion);
        _resourceVersion = null;
        return true;
    }

    private void ReportProblem(string problem, Exception? unexpected)
    {
        var state = _state;
        if (state.Problem != problem)
        {
            ClusterNamespaceLog.Problem(_logger, problem, state.Synced ? "serving the last known labels" : "not ready until the namespaces are listed", unexpected);
        }

        _state = state with { Problem = problem, Since = state.Since ?? _time.GetUtcNow() };
    }

    private void MarkHealthy()
    {
        var state = _state;
        if (state.Problem is not null)
        {
            ClusterNamespaceLog.Recovered(_logger, state.Problem);
        }

        _state = new SyncState(true, null, null);
    }
}
