using System.Text.Json.Nodes;
using Guardrails.Webhook.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Guardrails.Webhook.Tests.BackgroundAudit;

/// <summary>
/// One Lease on a fake API server (plain HTTP on 127.0.0.1), with the API server's optimistic concurrency: a create of a
/// lease that exists and an update with a stale <c>resourceVersion</c> are 409 Conflict.
/// </summary>
internal sealed class FakeLeaseServer : IAsyncDisposable
{
    public const string Path = "/apis/coordination.k8s.io/v1/namespaces/guardrails/leases";
    private readonly Lock _gate = new();
    private WebApplication? _app;
    private JsonObject? _lease;
    private long _version = 1;

    public Uri Address { get; private set; } = null!;

    /// <summary>Writes answered with 409.</summary>
    public int Conflicts { get; private set; }

    /// <summary>The lease's spec as stored, or null.</summary>
    public JsonNode? Spec
    {
        get
        {
            lock (_gate)
            {
                return _lease?["spec"]?.DeepClone();
            }
        }
    }

    public static async Task<FakeLeaseServer> StartAsync()
    {
        var server = new FakeLeaseServer();
        (server._app, server.Address) = await LoopbackApp.StartAsync(app =>
        {
            app.MapGet(Path + "/{name}", context => server.GetAsync(context));
            app.MapPost(Path, context => server.WriteAsync(context, create: true));
            app.MapPut(Path + "/{name}", context => server.WriteAsync(context, create: false));
        });
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private Task GetAsync(HttpContext context)
    {
        string? body;
        lock (_gate)
        {
            body = _lease?.ToJsonString();
        }

        context.Response.StatusCode = body is null ? 404 : 200;
        return context.Response.WriteAsync(body ?? """{"kind":"Status","reason":"NotFound","code":404}""");
    }

    private async Task WriteAsync(HttpContext context, bool create)
    {
        var lease = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        lock (_gate)
        {
            var stale = create ? _lease is not null : _lease is null || (string?)lease["metadata"]!["resourceVersion"] != (string?)_lease["metadata"]!["resourceVersion"];
            if (stale)
            {
                Conflicts++;
                context.Response.StatusCode = 409;
                return;
            }

            lease["metadata"]!["resourceVersion"] = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _lease = lease;
        }

        context.Response.StatusCode = create ? 201 : 200;
        await context.Response.WriteAsync(lease.ToJsonString());
    }
}
