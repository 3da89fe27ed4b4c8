using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Guardrails.Webhook.Tests.Cluster;

/// <summary>
/// One collection of the <see cref="FakeApiServer"/>: its objects (built for the resourceVersion they are served at), its
/// list (with a resourceVersion) and its watch (the events a test pushes), failures per endpoint, and counters.
/// </summary>
internal sealed class FakeCollection(string listKind, string apiVersion, Func<long> currentVersion)
{
    private readonly ConcurrentDictionary<string, Func<long, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _watchVersions = new();
    private Channel<string>? _watch;
    private int _lists;
    private int _streams;

    /// <summary>Lists answered (or failed).</summary>
    public int Lists => Volatile.Read(ref _lists);

    /// <summary>Watches asked for.</summary>
    public int Watches => _watchVersions.Count;

    /// <summary>Watches that were answered with a stream (not with a failure).</summary>
    public int Streams => Volatile.Read(ref _streams);

    /// <summary>The resourceVersion of the last list answered.</summary>
    public string? ListedVersion { get; private set; }

    /// <summary>The resourceVersion each watch asked for, in order.</summary>
    public IReadOnlyList<string> WatchVersions => [.. _watchVersions];

    /// <summary>When set, lists wait for it, so that a test sees the state before the first list answers.</summary>
    public TaskCompletionSource? ListGate { get; set; }

    /// <summary>When set, lists answer with this status instead.</summary>
    public HttpStatusCode? ListFailure { get; set; }

    /// <summary>When set, watch requests answer with this status instead of streaming.</summary>
    public HttpStatusCode? WatchFailure { get; set; }

    public void Set(string key, Func<long, JsonObject> build) => _objects[key] = build;

    /// <summary>Removes an object; its last form, or null.</summary>
    public JsonObject? Remove(string key) => _objects.TryRemove(key, out var build) ? build(currentVersion()) : null;

    public JsonObject? Find(string key, long version) => _objects.TryGetValue(key, out var build) ? build(version) : null;

    /// <summary>Sends the event the API server sends when the watch's resourceVersion is too old.</summary>
    public Task EmitGoneAsync() => SendAsync(new JsonObject
    {
        ["type"] = "ERROR",
        ["object"] = FakeApiServer.Status(HttpStatusCode.Gone, "too old resource version: 1 (100)", "Expired"),
    }.ToJsonString());

    /// <summary>Sends a raw line to the open watch.</summary>
    public async Task SendAsync(string line)
    {
        var watch = _watch ?? throw new InvalidOperationException("no watch is open");
        await watch.Writer.WriteAsync(line);
    }

    /// <summary>Ends the open watch as the API server does when its timeout passes.</summary>
    public void EndWatch() => _watch?.Writer.TryComplete();

    /// <summary>Answers a list, or a watch when the query asks for one.</summary>
    public Task ServeAsync(HttpContext context, CancellationToken stopping) =>
        context.Request.Query["watch"] == "true" ? WatchAsync(context, stopping) : ListAsync(context);

    private async Task ListAsync(HttpContext context)
    {
        if (ListGate is { } gate)
        {
            await gate.Task.WaitAsync(context.RequestAborted);
        }

        Interlocked.Increment(ref _lists);
        if (ListFailure is { } failure)
        {
            await FakeApiServer.WriteStatusAsync(context, failure, "the list failed on purpose");
            return;
        }

        var version = currentVersion();
        var items = new JsonArray();
        foreach (var (_, build) in _objects.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            items.Add(build(version));
        }

        ListedVersion = FakeApiServer.Version(version);
        await FakeApiServer.WriteJsonAsync(context, HttpStatusCode.OK, new JsonObject
        {
            ["kind"] = listKind,
            ["apiVersion"] = apiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = ListedVersion },
            ["items"] = items,
        });
    }

    private async Task WatchAsync(HttpContext context, CancellationToken stopping)
    {
        if (WatchFailure is { } failure)
        {
            _watchVersions.Enqueue(context.Request.Query["resourceVersion"].ToString());
            await FakeApiServer.WriteStatusAsync(context, failure, failure == HttpStatusCode.Gone ? "too old resource version" : "the watch failed on purpose");
            return;
        }

        var watch = Channel.CreateUnbounded<string>();
        _watch = watch;
        _watchVersions.Enqueue(context.Request.Query["resourceVersion"].ToString());
        Interlocked.Increment(ref _streams);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.Body.FlushAsync(context.RequestAborted);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await foreach (var line in watch.Reader.ReadAllAsync(ended.Token))
            {
                await context.Response.WriteAsync(line + "\n", ended.Token);
                await context.Response.Body.FlushAsync(ended.Token);
            }
        }
        catch (OperationCanceledException)
        {
            context.Abort();
        }
    }
}
