using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>The tests' stand-in servers (a fake API server, an OTLP receiver, a TLS probe): a slim app on 127.0.0.1.</summary>
internal static class LoopbackApp
{
    /// <summary>
    /// Starts a slim web app without log providers on 127.0.0.1 and a free port, with the endpoints <paramref name="map"/>
    /// adds and the listener as <paramref name="listen"/> configures it (TLS, for example); the app and its address.
    /// </summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(Action<WebApplication> map, Action<ListenOptions>? listen = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen ?? (_ => { })));
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return (app, new Uri(address));
    }
}
