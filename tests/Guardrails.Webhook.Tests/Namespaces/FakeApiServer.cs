using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Tests.Namespaces;

/// <summary>
/// A fake Kubernetes API server on 127.0.0.1 (plain HTTP, port 0) with just the namespace endpoints: list (with a
/// resourceVersion), watch (a stream of newline-delimited events the test pushes) and get. Failures are switched on
/// per endpoint; every request is counted.
/// </summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Dictionary<string, string>> _namespaces = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _watchVersions = new();
    private WebApplication? _app;
    private Channel<string>? _watch;
    private long _resourceVersion = 100;
    private int _lists;
    private int _gets;
    private int _streams;

    public Uri Address { get; private set; } = null!;

    /// <summary>Lists answered (or failed), watches asked for, gets answered (or failed).</summary>
    public int Lists => Volatile.Read(ref _lists);

    public int Gets => Volatile.Read(ref _gets);

    public int Watches => _watchVersions.Count;

    /// <summary>Watches that were answered with a stream (not with a failure).</summary>
    public int Streams => Volatile.Read(ref _streams);

    /// <summary>The resourceVersion of the last list answered.</summary>
    public string? ListedVersion { get; private set; }

    /// <summary>The resourceVersion of the last event sent.</summary>
    public string? EmittedVersion { get; private set; }

    /// <summary>The resourceVersion each watch asked for, in order.</summary>
    public IReadOnlyList<string> WatchVersions => [.. _watchVersions];

    /// <summary>When set, lists wait for it, so that a test sees the state before the first list answers.</summary>
    public TaskCompletionSource? ListGate { get; set; }

    /// <summary>When set, lists answer with this status instead.</summary>
    public HttpStatusCode? ListFailure { get; set; }

    /// <summary>When set, watch requests answer with this status instead of streaming.</summary>
    public HttpStatusCode? WatchFailure { get; set; }

    /// <summary>When set, gets answer with this status instead.</summary>
    public HttpStatusCode? GetFailure { get; set; }

    /// <summary>How long gets wait before answering.</summary>
    public TimeSpan GetDelay { get; set; }

    public static async Task<FakeApiServer> StartAsync()
    {
        var server = new FakeApiServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        app.MapGet("/api/v1/namespaces", context => context.Request.Query["watch"] == "true" ? server.WatchAsync(context, stopping) : server.ListAsync(context));
        app.MapGet("/api/v1/namespaces/{name}", context => server.GetAsync(context, (string)context.Request.RouteValues["name"]!));
        await app.StartAsync();
        server._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Address = new Uri(address);
        return server;
    }

    /// <summary>Sets a namespace for lists and gets, without an event.</summary>
    public void Set(string name, Dictionary<string, string> labels)
    {
        _namespaces[name] = labels;
        Interlocked.Increment(ref _resourceVersion);
    }

    /// <summary>Changes a namespace and sends the event to the open watch.</summary>
    public Task EmitAsync(string type, string name, Dictionary<string, string>? labels = null)
    {
        if (type == "DELETED")
        {
            _namespaces.TryRemove(name, out var last);
            labels ??= last;
        }
        else
        {
            _namespaces[name] = labels ?? [];
        }

        var version = Interlocked.Increment(ref _resourceVersion);
        EmittedVersion = Version(version);
        return SendAsync(new JsonObject { ["type"] = type, ["object"] = Namespace(name, labels ?? [], version) }.ToJsonString());
    }

    /// <summary>Sends the event the API server sends when the watch's resourceVersion is too old.</summary>
    public Task EmitGoneAsync() => SendAsync(new JsonObject
    {
        ["type"] = "ERROR",
        ["object"] = Status(HttpStatusCode.Gone, "too old resource version: 1 (100)", "Expired"),
    }.ToJsonString());

    /// <summary>Sends a raw line to the open watch.</summary>
    public async Task SendAsync(string line)
    {
        var watch = _watch ?? throw new InvalidOperationException("no watch is open");
        await watch.Writer.WriteAsync(line);
    }

    /// <summary>Ends the open watch as the API server does when its timeout passes.</summary>
    public void EndWatch() => _watch?.Writer.TryComplete();

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task ListAsync(HttpContext context)
    {
        if (ListGate is { } gate)
        {
            await gate.Task.WaitAsync(context.RequestAborted);
        }

        Interlocked.Increment(ref _lists);
        if (ListFailure is { } failure)
        {
            await WriteStatusAsync(context, failure, "the list failed on purpose");
            return;
        }

        var version = Volatile.Read(ref _resourceVersion);
        var items = new JsonArray();
        foreach (var (name, labels) in _namespaces.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            items.Add(Namespace(name, labels, version));
        }

        ListedVersion = Version(version);
        await WriteJsonAsync(context, HttpStatusCode.OK, new JsonObject
        {
            ["kind"] = "NamespaceList",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = ListedVersion },
            ["items"] = items,
        });
    }

    private async Task WatchAsync(HttpContext context, CancellationToken stopping)
    {
        if (WatchFailure is { } failure)
        {
            _watchVersions.Enqueue(context.Request.Query["resourceVersion"].ToString());
            await WriteStatusAsync(context, failure, failure == HttpStatusCode.Gone ? "too old resource version" : "the watch failed on purpose");
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

    private async Task GetAsync(HttpContext context, string name)
    {
        Interlocked.Increment(ref _gets);
        if (GetDelay > TimeSpan.Zero)
        {
            await Task.Delay(GetDelay, context.RequestAborted);
        }

        if (GetFailure is { } failure)
        {
            await WriteStatusAsync(context, failure, "the get failed on purpose");
        }
        else if (_namespaces.TryGetValue(name, out var labels))
        {
            await WriteJsonAsync(context, HttpStatusCode.OK, Namespace(name, labels, Volatile.Read(ref _resourceVersion)));
        }
        else
        {
            await WriteStatusAsync(context, HttpStatusCode.NotFound, $"namespaces \"{name}\" not found");
        }
    }

    private static JsonObject Namespace(string name, Dictionary<string, string> labels, long version)
    {
        var labelObject = new JsonObject();
        foreach (var (key, value) in labels)
        {
            labelObject[key] = value;
        }

        return new JsonObject
        {
            ["kind"] = "Namespace",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["name"] = name, ["resourceVersion"] = Version(version), ["labels"] = labelObject },
            ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
            ["status"] = new JsonObject { ["phase"] = "Active" },
        };
    }

    private static JsonObject Status(HttpStatusCode code, string message, string reason) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = (int)code,
    };

    private static Task WriteStatusAsync(HttpContext context, HttpStatusCode code, string message) =>
        WriteJsonAsync(context, code, Status(code, message, code.ToString()));

    private static async Task WriteJsonAsync(HttpContext context, HttpStatusCode code, JsonNode body)
    {
        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static string Version(long version) => version.ToString(CultureInfo.InvariantCulture);
}
