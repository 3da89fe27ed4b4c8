using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Cluster;

/// <summary>
/// Keeps a cache of one resource current the way an informer does: a LIST fills the store, a WATCH from the list's
/// resourceVersion keeps it current, the watch is renewed when it ends or breaks and the list is redone when the
/// resourceVersion has expired (410 Gone), with exponential backoff and jitter on errors. Ready once the first list has
/// landed; while the watch is broken the store keeps serving what it last knew, and <see cref="Description"/> says so.
/// Each problem is logged once, not at every retry.
/// </summary>
/// <typeparam name="T">The kind.</typeparam>
internal sealed class ClusterSync<T> : IAsyncDisposable
    where T : class, IClusterObject
{
    // A watch that ends this soon without an event is not a normal expiry: renewing it at once would spin.
    private static readonly TimeSpan ShortestWatch = TimeSpan.FromSeconds(1);

    private readonly ClusterApi _api;
    private readonly ClusterResource<T> _resource;
    private readonly IClusterStore<T> _store;
    private readonly ClusterCacheOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private volatile SyncState _state = new(false, null, null);
    private CancellationTokenRegistration _startToken;
    private Task? _loop;
    private int _disposed;

    // Written by the loop only: the resourceVersion to watch from, or null to list first.
    private string? _resourceVersion;

    public ClusterSync(ClusterApi api, ClusterResource<T> resource, IClusterStore<T> store, ClusterCacheOptions options, ILogger logger, TimeProvider time)
    {
        _api = api;
        _resource = resource;
        _store = store;
        _options = options;
        _logger = logger;
        _time = time;
    }

    /// <summary>True once the first list has landed; stays true while the watch is broken (what is served is then stale).</summary>
    public bool IsReady => _state.Synced;

    /// <summary>Cancelled when the sync stops: work on behalf of the cache (direct gets) stops with it.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>One line for <c>/readyz</c> and the startup log.</summary>
    public string Description
    {
        get
        {
            var state = _state;
            var since = state.Since?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            return (state.Synced, state.Problem) switch
            {
                (false, null) => $"cluster {_api.Host}: listing {_resource.Plural}",
                (false, { } problem) => $"cluster {_api.Host}: not synced since {since}: {problem}; retrying",
                (true, null) => $"cluster {_api.Host}: {_store.Count} {_resource.Plural}, watching",
                (true, { } problem) => $"cluster {_api.Host}: {_store.Count} {_resource.Plural}, stale since {since}: {problem}; serving the last known {_resource.Served}",
            };
        }
    }

    /// <summary>Starts listing and watching in the background; stops at <see cref="DisposeAsync"/> or when <paramref name="cancellationToken"/> fires.</summary>
    public void Start(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _loop, Task.CompletedTask, null) is not null)
        {
            throw new InvalidOperationException($"The {_resource.CacheName} has already been started.");
        }

        _startToken = cancellationToken.Register(_stopping.Cancel);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _startToken.DisposeAsync().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
    }

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
                var problem = $"{step} {_resource.Plural} failed: {ClusterApi.Describe(ex)}";
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

    // Every item, in pages of one snapshot, then the snapshot's resourceVersion to watch from.
    private async Task ListAsync(CancellationToken stopping)
    {
        var items = new List<T>();
        string? continueToken = null;
        string? resourceVersion;
        while (true)
        {
            var query = continueToken is null
                ? $"{_resource.Path}?limit={_options.PageSize}"
                : $"{_resource.Path}?limit={_options.PageSize}&continue={Uri.EscapeDataString(continueToken)}";
            var page = await _api.GetAsync(query, _resource.List, stopping).ConfigureAwait(false);
            foreach (var item in page.Items ?? [])
            {
                if (item?.Metadata?.Name is not null)
                {
                    items.Add(item);
                }
            }

            continueToken = page.Metadata?.Continue;
            if (string.IsNullOrEmpty(continueToken))
            {
                resourceVersion = page.Metadata?.ResourceVersion;
                break;
            }
        }

        if (string.IsNullOrEmpty(resourceVersion))
        {
            throw new ClusterApiException($"the {_resource.Plural} list came without a resourceVersion");
        }

        // The items go in before the state says synced, so that no lookup sees a synced, empty cache.
        _store.Replace(items);
        _resourceVersion = resourceVersion;
        if (_state.Synced)
        {
            ClusterCacheLog.Relisted(_logger, _resource.CacheName, items.Count, _resource.Plural);
        }
        else
        {
            ClusterCacheLog.Synced(_logger, _resource.CacheName, items.Count, _resource.Plural, _api.Host);
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
            watch = await _api.WatchAsync(_resource.Path, resourceVersion, serverTimeout, deadline.Token).ConfigureAwait(false);
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
                while (await watch.ReadAsync(_resource.Item, deadline.Token).ConfigureAwait(false) is { } change)
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

    /// <summary>Applies one event to the store; false when the API server says the resourceVersion has expired.</summary>
    private bool Apply(ClusterWatchEvent<T> change)
    {
        if (change.Type == ClusterWatchEvents.Error)
        {
            return change.Status?.Code == (int)HttpStatusCode.Gone
                ? false
                : throw new ClusterApiException((HttpStatusCode?)change.Status?.Code, $"the watch ended with an error: {change.Status?.Message ?? "no detail"}");
        }

        if (change.Object is { Metadata.Name: not null } item)
        {
            switch (change.Type)
            {
                case ClusterWatchEvents.Added or ClusterWatchEvents.Modified:
                    _store.Upsert(item);
                    break;
                case ClusterWatchEvents.Deleted:
                    _store.Remove(item);
                    break;
            }
        }

        _resourceVersion = change.Object?.Metadata?.ResourceVersion ?? _resourceVersion;
        return true;
    }

    private bool Expired(string resourceVersion)
    {
        ClusterCacheLog.Expired(_logger, _resource.CacheName, resourceVersion);
        _resourceVersion = null;
        return true;
    }

    private void ReportProblem(string problem, Exception? unexpected)
    {
        var state = _state;
        if (state.Problem != problem)
        {
            ClusterCacheLog.Problem(_logger, _resource.CacheName, problem,
                state.Synced ? $"serving the last known {_resource.Served}" : $"not ready until the {_resource.Plural} are listed", unexpected);
        }

        _state = state with { Problem = problem, Since = state.Since ?? _time.GetUtcNow() };
    }

    private void MarkHealthy()
    {
        var state = _state;
        if (state.Problem is not null)
        {
            ClusterCacheLog.Recovered(_logger, _resource.CacheName, state.Problem);
        }

        _state = new SyncState(true, null, null);
    }

    /// <summary>Whether the first list has landed, and the current problem of the list or watch with when it began.</summary>
    private sealed record SyncState(bool Synced, string? Problem, DateTimeOffset? Since);
}
