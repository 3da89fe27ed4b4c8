using System.Net;
using Guardrails.Webhook.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>
/// From half the drain period on, every answer closes its connection, over HTTP/1.1 and HTTP/2, and is still a full
/// answer; before that, kept-alive connections stay open.
/// </summary>
public sealed class DrainingConnectionsTests
{
    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task A_kept_alive_connection_is_reused_until_draining_then_closed_after_each_answer(string version)
    {
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels, configure: options => options with { DrainPeriod = TimeSpan.Zero });
        using var client = new CountingClient(server.Authority, server.Client.BaseAddress!, Version.Parse(version));

        for (var i = 0; i < 3; i++)
        {
            (await PostAsync(client)).Should().Be(HttpStatusCode.OK);
        }

        client.Connections.Should().Be(1, "before draining, one connection carries every request");

        server.Services.GetRequiredService<ReadinessState>().StartDraining();
        for (var i = 0; i < 3; i++)
        {
            (await PostAsync(client)).Should().Be(HttpStatusCode.OK, "a draining webhook still answers");
        }

        // The first answer while draining still comes over the kept connection, which closes after it; each following
        // request needs a connection of its own.
        client.Connections.Should().Be(3, "while draining, the server closes each connection after its answer");
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Connections_stay_open_in_the_first_half_of_the_drain_period(string version)
    {
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels, configure: options => options with { DrainPeriod = TimeSpan.FromHours(1) });
        using var client = new CountingClient(server.Authority, server.Client.BaseAddress!, Version.Parse(version));
        (await PostAsync(client)).Should().Be(HttpStatusCode.OK);

        server.Services.GetRequiredService<ReadinessState>().StartDraining();
        for (var i = 0; i < 3; i++)
        {
            (await PostAsync(client)).Should().Be(HttpStatusCode.OK);
        }

        client.Connections.Should().Be(1, "until half the drain period has passed, a reconnection could come back to this replica");
    }

    private static async Task<HttpStatusCode> PostAsync(CountingClient client)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(RepoPaths.AdmissionReviews, "validate-create-deployment-checkout.json")));
        content.Headers.ContentType = new("application/json");
        using var response = await client.Client.PostAsync("/validate?timeout=5s", content);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode;
    }
}
