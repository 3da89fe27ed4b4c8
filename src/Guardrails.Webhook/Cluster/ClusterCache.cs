using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Cluster;

/// <summary>
/// A cache of one cluster resource kept by a <see cref="ClusterSync{T}"/>, run as a hosted service: it lists and
/// watches from the host's start and stops with it. Derived caches say how objects are stored and served.
/// </summary>
/// <typeparam name="T">The kind.</typeparam>
internal abstract class ClusterCache<T> : IHostedService, IAsyncDisposable, IClusterStore<T>
    where T : class, IClusterObject
{
    private readonly ClusterSync<T> _sync;
    private int _disposed;

    /// <param name="configuration">Where the API server is and how to authenticate (see <see cref="ClusterConnection"/>).</param>
    /// <param name="resource">The resource, its list call and its names in messages.</param>
    /// <param name="logger">Where problems go, once each.</param>
    /// <param name="options">Timings; the defaults suit a real cluster.</param>
    /// <param name="timeProvider">The clock of backoff delays and of the "since" in <see cref="Description"/>.</param>
    protected ClusterCache(KubernetesClientConfiguration configuration, ClusterResource<T> resource, ILogger logger, ClusterCacheOptions? options, TimeProvider? timeProvider)
    {
        Api = new ClusterApi(configuration);
        Options = options ?? new ClusterCacheOptions();
        _sync = new ClusterSync<T>(Api, resource, this, Options, logger, timeProvider ?? TimeProvider.System);
    }

    /// <summary>True once the first list has landed; stays true while the watch is broken (what is served is then stale).</summary>
    public bool IsReady => _sync.IsReady;

    /// <summary>One line for <c>/readyz</c> and the start-up log.</summary>
    public string Description => _sync.Description;

    /// <summary>How many objects the cache holds.</summary>
    public abstract int Count { get; }

    /// <summary>The API the cache reads through (direct reads on a miss use it too).</summary>
    protected ClusterApi Api { get; }

    /// <summary>The timings the cache was made with.</summary>
    protected ClusterCacheOptions Options { get; }

    /// <summary>Cancelled when the cache stops: work on its behalf stops with it.</summary>
    protected CancellationToken Stopping => _sync.Stopping;

    /// <summary>Starts listing and watching in the background; stops at <see cref="StopAsync"/>, <see cref="DisposeAsync"/> or when <paramref name="cancellationToken"/> fires.</summary>
    public void Start(CancellationToken cancellationToken = default) => _sync.Start(cancellationToken);

    /// <summary>Starts listing and watching with the host.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The start's token ends with the start; the cache runs until the host stops it.
        Start(CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops listing and watching; what is cached stays served.</summary>
    public async Task StopAsync(CancellationToken cancellationToken) => await _sync.DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _sync.DisposeAsync().ConfigureAwait(false);
        Api.Dispose();
        GC.SuppressFinalize(this);
    }

    public abstract void Replace(IReadOnlyList<T> items);

    public abstract void Upsert(T item);

    public abstract void Remove(T item);
}
