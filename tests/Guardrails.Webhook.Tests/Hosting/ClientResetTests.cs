using System.Diagnostics.Metrics;
using System.Net;
using System.Text.RegularExpressions;
using Guardrails.Cli.PolicySets;
using Guardrails.Engine.Evaluation;
using Guardrails.Webhook.Autoscalers;
using Guardrails.Webhook.Hosting;
using Guardrails.Webhook.Namespaces;
using Guardrails.Webhook.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>
/// A client that resets its HTTP/2 stream while the body is still arriving (the API server does so when its webhook
/// timeout ends) has gone away: counted as aborted and logged at debug, never as an unexpected failure answered 500.
/// </summary>
[Collection(ExactMetricsGroup.Name)]
public sealed class ClientResetTests
{
    [Fact]
    public async Task A_stream_reset_while_the_body_arrives_is_counted_as_aborted_not_as_an_error()
    {
        using var logs = new ListLoggerProvider();
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels, logs: logs);
        var body = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.AdmissionReviews, "validate-create-deployment-checkout.json"));
        var halfSent = new TaskCompletionSource();
        using var reset = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/validate")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new HalfThenWaitContent(body, halfSent),
        };

        var sending = server.Client.SendAsync(request, reset.Token);
        await halfSent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(200);
        await reset.CancelAsync();
        var sent = async () => await sending;
        await sent.Should().ThrowAsync<OperationCanceledException>();

        var metrics = await Eventually(server.Client, "decision=\"aborted\"");
        Regex.IsMatch(metrics, "guardrails_admission_requests(_total)?\\{[^}]*decision=\"aborted\"[^}]*webhook=\"validate\"[^}]*\\} 1").Should().BeTrue(metrics);
        metrics.Should().NotContain("decision=\"error\"");
        logs.Logger.At(LogLevel.Error).Should().BeEmpty();
    }

    [Fact]
    public async Task A_body_read_failing_before_the_aborted_token_fires_is_still_the_client_gone()
    {
        // Kestrel fails the body read at once on RST_STREAM but cancels RequestAborted from the thread pool a moment
        // later: the handler must not depend on which of the two it sees first.
        using var logs = new ListLoggerProvider();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var telemetry = new WebhookTelemetry(meters);
        var decisions = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "guardrails.admission.requests")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => decisions.Add(tags.ToArray().Single(t => t.Key == "decision").Value!.ToString()!));
        listener.Start();
        var engine = new PolicyEngine(PolicySelection.Load([], null).Policies!);
        using var loggers = new LoggerFactory([logs]);
        var handler = new AdmissionHandler(() => engine, new StaticNamespaceLabels(WebhookFixture.CapturedNamespaceLabels, strict: false), StaticAutoscalers.None, telemetry,
            new WebhookOptions(), loggers.CreateLogger<AdmissionHandler>());
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Body = new ResetStream();
        context.Response.Body = new MemoryStream();

        await handler.HandleAsync(context, WebhookKind.Validate);

        decisions.Should().Equal("aborted");
        context.Response.Body.Length.Should().Be(0, "nobody is left to read an answer");
        logs.Logger.At(LogLevel.Error).Should().BeEmpty();
    }

    private static async Task<string> Eventually(HttpClient client, string expected)
    {
        var metrics = string.Empty;
        for (var attempt = 0; attempt < 100 && !metrics.Contains(expected, StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(50);
            metrics = await client.GetStringAsync("/metrics");
        }

        return metrics;
    }

    // A request body whose client reset the stream, as Kestrel's HTTP/2 stream reports it.
    private sealed class ResetStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("The client reset the request stream.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("The client reset the request stream."));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    // Sends the first half of the body, then waits until the request is cancelled (which resets the stream).
    private sealed class HalfThenWaitContent(byte[] body, TaskCompletionSource halfSent) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            halfSent.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
