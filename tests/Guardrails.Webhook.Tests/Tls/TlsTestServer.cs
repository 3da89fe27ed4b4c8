using Guardrails.Webhook.Tests.Hosting;
using Guardrails.Webhook.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Guardrails.Webhook.Tests.Tls;

/// <summary>A real Kestrel on 127.0.0.1 (port 0) behind <see cref="KestrelTls"/>, answering with the negotiated TLS protocol.</summary>
internal sealed class TlsTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TlsTestServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<TlsTestServer> StartAsync(ServingCertificate certificate)
    {
        var (app, address) = await LoopbackApp.StartAsync(
            app => app.Run(context => context.Response.WriteAsync(context.Features.Get<ITlsHandshakeFeature>()?.Protocol.ToString() ?? "none")),
            listen => KestrelTls.Configure(listen, certificate));
        return new TlsTestServer(app, address.Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
