using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Namespaces;

/// <summary>
/// Namespace labels from the cluster, kept the way an informer keeps them: a LIST of namespaces fills a cache, a WATCH
/// from the list's resourceVersion keeps it current, the watch is renewed when it ends or breaks and the list is
/// redone when the resourceVersion has expired (410 Gone), with exponential backoff and jitter on errors. Ready once
/// the first list has landed. While the watch is broken the cache keeps serving the last known labels and
/// <see cref="Description"/> says so. A namespace missing from the cache (just created, the watch lagging) is read
/// with a direct GET that waits at most <see cref="ClusterNamespaceOptions.LookupTimeout"/>; when that fails the labels
/// are unknown, with the reason, so that the engine fails closed: a lookup error never reads as "no labels".
/// </summary>
/// <remarks>
/// RBAC: the webhook's service account needs <c>get</c>, <c>list</c> and <c>watch</c> on <c>namespaces</c> (core API
/// group, cluster-scoped, so a ClusterRole and a ClusterRoleBinding).
/// </remarks>
internal sealed partial class ClusterNamespaceLabels : INamespaceLabelSource, IAsyncDisposable
{
    private readonly ClusterNamespaceApi _api;
    private readonly ClusterNamespaceOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private volatile ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _namespaces = new(StringComparer.Ordinal);
    private volatile SyncState _state = new(false, null, null);
    private CancellationTokenRegistration _startToken;
    private Task? _loop;
    private int _disposed;

    /// <param name="configuration">Where the API server is and how to authenticate (see <see cref="ClusterConnection"/>).</param>
    /// <param name="logger">Where problems go, once each.</param>
    /// <param name="options">Timings; the defaults suit a real cluster.</param>
    /// <param name="timeProvider">The clock of backoff delays and of the "since" in <see cref="Description"/>.</param>
    public ClusterNamespaceLabels(KubernetesClientConfiguration configuration, ILogger logger, ClusterNamespaceOptions? options = null, TimeProvider? timeProvider = null)
    {
        _api = new ClusterNamespaceApi(configuration);
        _logger = logger;
        _options = options ?? new ClusterNamespaceOptions();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>True once the first list has landed; stays true while the watch is broken (the labels are then stale).</summary>
    public bool IsReady => _state.Synced;

    public string Description
    {
        get
        {
            var state = _state;
            var since = state.Since?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            return (state.Synced, state.Problem) switch
            {
                (false, null) => $"cluster {_api.Host}: listing namespaces",
                (false, { } problem) => $"cluster {_api.Host}: not synced since {since}: {problem}; retrying",
                (true, null) => $"cluster {_api.Host}: {_namespaces.Count} namespaces, watching",
                (true, { } problem) => $"cluster {_api.Host}: {_namespaces.Count} namespaces, stale since {since}: {problem}; serving the last known labels",
            };
        }
    }

    public NamespaceLabelLookup Lookup(string namespaceName)
    {
        if (!_state.Synced)
        {
            return NamespaceLabelLookup.Unknown("the namespace cache has not synced yet");
        }

        return _namespaces.TryGetValue(namespaceName, out var labels) ? NamespaceLabelLookup.Known(labels) : Fetch(namespaceName);
    }

    /// <summary>Starts listing and watching in the background; stops at <see cref="DisposeAsync"/> or when <paramref name="cancellationToken"/> fires.</summary>
    public void Start(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _loop, Task.CompletedTask, null) is not null)
        {
            throw new InvalidOperationException("The namespace cache has already been started.");
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

        _api.Dispose();
        _stopping.Dispose();
    }

    /// <summary>The labels of a namespace as the engine sees them: the API server's, with the name label always present.</summary>
    private static Dictionary<string, string> LabelsOf(V1Namespace item, string name)
    {
        var labels = item.Metadata?.Labels is { } given
            ? new Dictionary<string, string>(given, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

        // API servers set this label since 1.21; older ones do not, and selectors on it must still match.
        labels.TryAdd(StaticNamespaceLabels.NameLabel, name);
        return labels;
    }

    /// <summary>Whether the first list has landed, and the current problem of the list or watch with when it began.</summary>
    private sealed record SyncState(bool Synced, string? Problem, DateTimeOffset? Since);
}
