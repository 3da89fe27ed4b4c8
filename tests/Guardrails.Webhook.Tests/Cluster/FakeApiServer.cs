using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Guardrails.Webhook.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guardrails.Webhook.Tests.Cluster;

/// <summary>
/// A fake Kubernetes API server on 127.0.0.1 (plain HTTP, port 0) with the endpoints the webhook's caches read:
/// namespaces (list, watch, get) and HorizontalPodAutoscalers across namespaces (<c>autoscaling/v2</c> list and watch).
/// Each collection's lists carry a resourceVersion and its watch is a stream of newline-delimited events the test pushes;
/// failures are switched on per endpoint; every request is counted. The namespace members below act on
/// <see cref="Namespaces"/>.
/// </summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    private WebApplication? _app;
    private long _resourceVersion = 100;
    private int _gets;

    private FakeApiServer()
    {
        Namespaces = new FakeCollection("NamespaceList", "v1", () => Interlocked.Read(ref _resourceVersion));
        Autoscalers = new FakeCollection("HorizontalPodAutoscalerList", "autoscaling/v2", () => Interlocked.Read(ref _resourceVersion));
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>The namespaces (<c>/api/v1/namespaces</c>).</summary>
    public FakeCollection Namespaces { get; }

    /// <summary>The HorizontalPodAutoscalers of every namespace (<c>/apis/autoscaling/v2/horizontalpodautoscalers</c>).</summary>
    public FakeCollection Autoscalers { get; }

    /// <summary>Namespace lists answered (or failed), watches asked for, gets answered (or failed).</summary>
    public int Lists => Namespaces.Lists;

    public int Gets => Volatile.Read(ref _gets);

    public int Watches => Namespaces.Watches;

    /// <summary>Namespace watches that were answered with a stream (not with a failure).</summary>
    public int Streams => Namespaces.Streams;

    /// <summary>The resourceVersion of the last namespace list answered.</summary>
    public string? ListedVersion => Namespaces.ListedVersion;

    /// <summary>The resourceVersion of the last event sent, to either collection.</summary>
    public string? EmittedVersion { get; private set; }

    /// <summary>The resourceVersion each namespace watch asked for, in order.</summary>
    public IReadOnlyList<string> WatchVersions => Namespaces.WatchVersions;

    /// <summary>When set, namespace lists wait for it, so that a test sees the state before the first list answers.</summary>
    public TaskCompletionSource? ListGate { get => Namespaces.ListGate; set => Namespaces.ListGate = value; }

    /// <summary>When set, namespace lists answer with this status instead.</summary>
    public HttpStatusCode? ListFailure { get => Namespaces.ListFailure; set => Namespaces.ListFailure = value; }

    /// <summary>When set, namespace watch requests answer with this status instead of streaming.</summary>
    public HttpStatusCode? WatchFailure { get => Namespaces.WatchFailure; set => Namespaces.WatchFailure = value; }

    /// <summary>When set, gets answer with this status instead.</summary>
    public HttpStatusCode? GetFailure { get; set; }

    /// <summary>How long gets wait before answering.</summary>
    public TimeSpan GetDelay { get; set; }

    public static async Task<FakeApiServer> StartAsync()
    {
        var server = new FakeApiServer();
        (server._app, server.Address) = await LoopbackApp.StartAsync(app =>
        {
            var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            app.MapGet("/api/v1/namespaces", context => server.Namespaces.ServeAsync(context, stopping));
            app.MapGet("/api/v1/namespaces/{name}", context => server.GetAsync(context, (string)context.Request.RouteValues["name"]!));
            app.MapGet("/apis/autoscaling/v2/horizontalpodautoscalers", context => server.Autoscalers.ServeAsync(context, stopping));
        });
        return server;
    }

    /// <summary>Sets a namespace for lists and gets, without an event.</summary>
    public void Set(string name, Dictionary<string, string> labels)
    {
        Namespaces.Set(name, version => Namespace(name, labels, version));
        Interlocked.Increment(ref _resourceVersion);
    }

    /// <summary>Changes a namespace and sends the event to the open watch.</summary>
    public Task EmitAsync(string type, string name, Dictionary<string, string>? labels = null)
    {
        if (type == "DELETED")
        {
            var last = Namespaces.Remove(name);
            labels ??= last is null ? [] : LabelsOf(last);
        }
        else
        {
            var given = labels ?? [];
            Namespaces.Set(name, version => Namespace(name, given, version));
        }

        var version = NextVersion();
        return Namespaces.SendAsync(new JsonObject { ["type"] = type, ["object"] = Namespace(name, labels ?? [], version) }.ToJsonString());
    }

    /// <summary>Sets a HorizontalPodAutoscaler for lists, without an event.</summary>
    public void SetAutoscaler(string ns, string name, string targetKind, string targetName, int? minReplicas, string targetApiVersion = "apps/v1")
    {
        Autoscalers.Set($"{ns}/{name}", version => Autoscaler(ns, name, targetApiVersion, targetKind, targetName, minReplicas, version));
        Interlocked.Increment(ref _resourceVersion);
    }

    /// <summary>Changes a HorizontalPodAutoscaler and sends the event (ADDED, MODIFIED or DELETED) to the open watch.</summary>
    public Task EmitAutoscalerAsync(string type, string ns, string name, string targetKind, string targetName, int? minReplicas, string targetApiVersion = "apps/v1")
    {
        if (type == "DELETED")
        {
            Autoscalers.Remove($"{ns}/{name}");
        }
        else
        {
            Autoscalers.Set($"{ns}/{name}", version => Autoscaler(ns, name, targetApiVersion, targetKind, targetName, minReplicas, version));
        }

        var version = NextVersion();
        return Autoscalers.SendAsync(new JsonObject { ["type"] = type, ["object"] = Autoscaler(ns, name, targetApiVersion, targetKind, targetName, minReplicas, version) }.ToJsonString());
    }

    /// <summary>Sends the event the API server sends when the namespace watch's resourceVersion is too old.</summary>
    public Task EmitGoneAsync() => Namespaces.EmitGoneAsync();

    /// <summary>Sends a raw line to the open namespace watch.</summary>
    public Task SendAsync(string line) => Namespaces.SendAsync(line);

    /// <summary>Ends the open namespace watch as the API server does when its timeout passes.</summary>
    public void EndWatch() => Namespaces.EndWatch();

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

    internal static JsonObject Status(HttpStatusCode code, string message, string reason) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = (int)code,
    };

    internal static Task WriteStatusAsync(HttpContext context, HttpStatusCode code, string message) =>
        WriteJsonAsync(context, code, Status(code, message, code.ToString()));

    internal static async Task WriteJsonAsync(HttpContext context, HttpStatusCode code, JsonNode body)
    {
        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    internal static string Version(long version) => version.ToString(CultureInfo.InvariantCulture);

    private long NextVersion()
    {
        var version = Interlocked.Increment(ref _resourceVersion);
        EmittedVersion = Version(version);
        return version;
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
        else if (Namespaces.Find(name, Interlocked.Read(ref _resourceVersion)) is { } found)
        {
            await WriteJsonAsync(context, HttpStatusCode.OK, found);
        }
        else
        {
            await WriteStatusAsync(context, HttpStatusCode.NotFound, $"namespaces \"{name}\" not found");
        }
    }

    private static Dictionary<string, string> LabelsOf(JsonObject ns) =>
        ns["metadata"]?["labels"]?.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!) ?? [];

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

    // As the API server serves it (autoscaling/v2, minReplicas defaulted to 1 when it was left out).
    private static JsonObject Autoscaler(string ns, string name, string targetApiVersion, string targetKind, string targetName, int? minReplicas, long version) => new()
    {
        ["kind"] = "HorizontalPodAutoscaler",
        ["apiVersion"] = "autoscaling/v2",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["resourceVersion"] = Version(version) },
        ["spec"] = new JsonObject
        {
            ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = targetApiVersion, ["kind"] = targetKind, ["name"] = targetName },
            ["minReplicas"] = minReplicas ?? 1,
            ["maxReplicas"] = 10,
            ["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject { ["name"] = "cpu", ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = 70 } },
            }),
        },
        ["status"] = new JsonObject { ["currentReplicas"] = 2, ["desiredReplicas"] = 2 },
    };
}
