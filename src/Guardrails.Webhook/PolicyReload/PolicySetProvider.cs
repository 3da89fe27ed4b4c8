using Guardrails.Engine.Loading;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.PolicyReload;

/// <summary>
/// Holds the webhook's current policy set and reloads it when its files change. A reload that fails keeps the last
/// good set. Readers never wait: <see cref="Current"/> is swapped atomically, and reloads run one at a time.
/// </summary>
internal sealed class PolicySetProvider : IDisposable
{
    private readonly Func<EngineLoadResult> _load;
    private readonly IReadOnlyList<string> _watchPaths;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly PolicyWatchOptions _options;
    private readonly Lock _reloadGate = new();
    private State _state = new(null, PolicySetStatus.NotLoaded);
    private Debouncer? _debouncer;
    private FingerprintPoller? _poller;
    private PolicyFileWatcher? _watcher;
    private int _started;
    private volatile bool _disposed;

    /// <summary>Creates a provider; nothing is loaded or watched until <see cref="LoadInitial"/>.</summary>
    /// <param name="load">Loads the files into an engine; called once per load, never concurrently.</param>
    /// <param name="watchPaths">The policy folders and files and the exemptions file; empty for the built-in pack.</param>
    /// <param name="logger">Where loads and reloads are logged.</param>
    /// <param name="time">The clock for load times, the debounce and polling.</param>
    /// <param name="options">Debounce and polling; the defaults when null.</param>
    public PolicySetProvider(Func<EngineLoadResult> load, IReadOnlyList<string> watchPaths, ILogger logger, TimeProvider time, PolicyWatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(watchPaths);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        _load = load;
        _watchPaths = [.. watchPaths.Select(Path.GetFullPath)];
        _logger = logger;
        _time = time;
        _options = options ?? new PolicyWatchOptions();
    }

    /// <summary>Raised after every reload (not the initial load), on the thread that ran it.</summary>
    public event Action<ReloadOutcome>? Reloaded;

    /// <summary>
    /// Raised, before <see cref="Reloaded"/>, when a reload made current a set that lacks policies or rules of the set
    /// it replaced. Such a reload is applied (deleting a policy's file is how a policy is retired) and logged as a
    /// warning; an empty or unreadable policy file never gets this far, it fails the load.
    /// </summary>
    public event Action<PolicyRemoval>? Removed;

    /// <summary>The current set; null until a load succeeds. Keep the snapshot for a whole evaluation.</summary>
    public PolicySnapshot? Current => Volatile.Read(ref _state).Snapshot;

    /// <summary>True once a set has loaded.</summary>
    public bool IsReady => Current is not null;

    /// <summary>The revision and the last reload, for <c>/readyz</c>.</summary>
    public PolicySetStatus Status => Volatile.Read(ref _state).Status;

    /// <summary>
    /// Loads the files for the first time and starts watching them, whether or not they loaded: a host that stays
    /// not ready becomes ready once the files are fixed. Returns every problem; empty on success.
    /// </summary>
    public IReadOnlyList<LoadProblem> LoadInitial()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("The policy set was already loaded; later loads are reloads.");
        }

        // Watching starts first, so a change made during the load is not missed.
        if (_watchPaths.Count > 0)
        {
            _debouncer = new Debouncer(_time, _options.Debounce, ReloadAfterChange);
            _poller = new FingerprintPoller(_watchPaths, _time, _options.PollInterval, _debouncer.Signal);
            _watcher = _options.FileEvents ? new PolicyFileWatcher(_watchPaths, _logger, _debouncer.Signal) : null;
        }

        lock (_reloadGate)
        {
            return LoadAndSwap(initial: true).Problems;
        }
    }

    /// <summary>Loads the files again now and makes them current if they loaded; the last good set stays otherwise.</summary>
    public ReloadOutcome Reload()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ReloadOutcome result;
        PolicyRemoval? removal;
        lock (_reloadGate)
        {
            (result, _, removal) = LoadAndSwap(initial: false);
        }

        try
        {
            if (removal is not null)
            {
                Removed?.Invoke(removal);
            }

            Reloaded?.Invoke(result);
        }
#pragma warning disable CA1031 // A failing handler runs on a timer thread, where it would end the process.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PolicyReloadLog.HandlerFailed(_logger, ex);
        }

        return result;
    }

    /// <summary>Stops watching, then waits for a reload in progress to finish.</summary>
    public void Dispose()
    {
        _disposed = true;
        _watcher?.Dispose();
        _poller?.Dispose();
        _debouncer?.Dispose();
        lock (_reloadGate)
        {
            // Nothing to do: taking the gate only waits out a running reload.
        }
    }

    private void ReloadAfterChange()
    {
        try
        {
            if (!_disposed)
            {
                Reload();
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed while the debounce timer fired.
        }
    }

    private (ReloadOutcome Result, IReadOnlyList<LoadProblem> Problems, PolicyRemoval? Removal) LoadAndSwap(bool initial)
    {
        _poller?.Rebase();
        var outcome = LoadSafely();
        var now = _time.GetUtcNow();
        var state = Volatile.Read(ref _state);
        var previous = state.Snapshot;
        if (outcome.Engine is not { } engine)
        {
            var problems = outcome.Problems.Count > 0 ? outcome.Problems : [new LoadProblem("(policies)", 0, 0, "the policy set did not load")];
            var error = string.Join('\n', problems);
            Volatile.Write(ref _state, state with
            {
                Status = state.Status with { LastReloadAt = now, LastReloadResult = ReloadOutcome.Failure, LastReloadError = error, LastReloadErrorAt = now },
            });
            if (initial)
            {
                PolicyReloadLog.InitialLoadFailed(_logger, problems.Count, error);
            }
            else
            {
                PolicyReloadLog.ReloadFailed(_logger, problems.Count, previous?.Revision ?? "(none)", error);
            }

            return (ReloadOutcome.Failure, problems, null);
        }

        // The revision covers the policies and the exemptions, everything that decides a verdict.
        var unchanged = previous is not null && previous.Revision == engine.Revision;
        var snapshot = unchanged ? previous! : new PolicySnapshot(engine, engine.Revision, now);
        var result = unchanged ? ReloadOutcome.Unchanged : ReloadOutcome.Success;
        Volatile.Write(ref _state, new State(snapshot, new PolicySetStatus(true, snapshot.Revision, snapshot.LoadedAt, now, result, null, null)));
        if (unchanged)
        {
            PolicyReloadLog.Unchanged(_logger, snapshot.Revision);
        }
        else if (previous is null)
        {
            PolicyReloadLog.Loaded(_logger, snapshot.Revision, engine.Policies.Policies.Count, engine.Exemptions.Entries.Count);
        }
        else
        {
            var changed = Changed(previous.Engine, engine);
            PolicyReloadLog.Reloaded(_logger, previous.Revision, snapshot.Revision, changed, engine.Policies.Policies.Count, engine.Exemptions.Entries.Count);
        }

        var removal = previous is null || unchanged ? null : PolicyRemoval.Between(previous.Engine.Policies, engine.Policies);
        if (removal is { IsEmpty: false })
        {
            PolicyReloadLog.Removed(_logger, removal.Policies.Count, string.Join(", ", removal.Policies), removal.Rules.Count, string.Join(", ", removal.Rules), previous!.Revision);
            return (result, [], removal);
        }

        return (result, [], null);
    }

    /// <summary>What a reload changed, for the log: the policies, the exemptions, or both.</summary>
    internal static string Changed(Engine.Evaluation.PolicyEngine before, Engine.Evaluation.PolicyEngine after)
    {
        var policies = before.Policies.Revision != after.Policies.Revision;
        var exemptions = before.Exemptions.Revision != after.Exemptions.Revision;
        return (policies, exemptions) switch
        {
            (true, true) => "policies and exemptions changed",
            (true, false) => "policies changed",
            (false, true) => after.Exemptions.Revision.Length == 0 ? "exemptions removed" : before.Exemptions.Revision.Length == 0 ? "exemptions added" : "exemptions changed",
            _ => "unchanged",
        };
    }

    private EngineLoadResult LoadSafely()
    {
        try
        {
            return _load();
        }
#pragma warning disable CA1031 // A loader that throws is one more broken reload: the last good set must stay.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new EngineLoadResult(null, [new LoadProblem("(policies)", 0, 0, $"loading failed: {ex.GetType().Name}: {ex.Message}")]);
        }
    }

    /// <summary>The current snapshot and status, swapped together so readers never see one without the other.</summary>
    private sealed record State(PolicySnapshot? Snapshot, PolicySetStatus Status);
}
