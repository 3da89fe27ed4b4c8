using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary><c>--metrics-port</c>: plain HTTP for Prometheus and probes, never for admission reviews.</summary>
public sealed class MetricsPortTests
{
    [Fact]
    public async Task The_plain_port_serves_metrics_and_probes_and_refuses_admission_reviews()
    {
        var port = FreePort();
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels, configure: o => o with { MetricsPort = port });
        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await AdmissionClient.PostFixtureAsync(server.Client, "validate-create-deployment-ledger.json");

        var metrics = await plain.GetAsync(new Uri("/metrics", UriKind.Relative));
        (await metrics.Content.ReadAsStringAsync()).Should().Contain("guardrails_admission_requests");
        metrics.StatusCode.Should().Be(HttpStatusCode.OK);
        (await plain.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await plain.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        var review = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.AdmissionReviews, "validate-create-deployment-ledger.json"));
        using var content = new ByteArrayContent(review);
        (await plain.PostAsync(new Uri("/validate", UriKind.Relative), content)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var mutate = new StringContent("{}", Encoding.UTF8, "application/json");
        (await plain.PostAsync(new Uri("/mutate", UriKind.Relative), mutate)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
