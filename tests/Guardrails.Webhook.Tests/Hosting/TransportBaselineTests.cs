using System.Text;
using Guardrails.BenchServer;
using Guardrails.Webhook.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>
/// The load benchmark's <c>POST /baseline</c> (the bench server's, composed on the public webhook library): never in the
/// production webhook; with no <c>read</c> it never looks at the
/// body; with <c>read=tokens</c> or <c>read=document</c> it really reads the whole body as JSON.
/// </summary>
public sealed class TransportBaselineTests
{
    private static readonly byte[] Review = File.ReadAllBytes(Path.Combine(RepoPaths.AdmissionReviews, "validate-create-deployment-ledger.json"));

    // The review without its last 40 bytes (the end of request.options): only a reader that gets to the end notices.
    private static readonly byte[] Truncated = Review[..(Review.Length - 40)];

    [Fact]
    public async Task Is_not_served_by_the_production_webhook()
    {
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels);

        var (status, _, _) = await AdmissionClient.PostAsync(server.Client, "/baseline", Review);

        status.Should().Be(404);
    }

    [Theory]
    [InlineData("/baseline")]
    [InlineData("/baseline?read=tokens")]
    [InlineData("/baseline?read=document")]
    public async Task Answers_a_whole_review_with_the_fixed_answer(string path)
    {
        await using var server = await StartWithBaselineAsync();

        var (status, body, text) = await AdmissionClient.PostAsync(server.Client, path, Review);

        status.Should().Be(200, text);
        body!["response"]!["uid"]!.GetValue<string>().Should().Be("baseline");
        body["response"]!["allowed"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task Without_read_the_body_is_not_parsed()
    {
        await using var server = await StartWithBaselineAsync();

        var (status, _, text) = await AdmissionClient.PostAsync(server.Client, "/baseline", Truncated);

        status.Should().Be(200, $"the transport limit pays for no parsing: {text}");
    }

    [Theory]
    [InlineData("tokens")]
    [InlineData("document")]
    public async Task With_read_the_whole_body_is_read_as_json(string read)
    {
        await using var server = await StartWithBaselineAsync();

        var (status, _, text) = await AdmissionClient.PostAsync(server.Client, $"/baseline?read={read}", Truncated);

        status.Should().Be(400);
        text.Should().StartWith("not JSON: ");
    }

    [Fact]
    public async Task An_unknown_read_is_refused()
    {
        await using var server = await StartWithBaselineAsync();

        var (status, _, text) = await AdmissionClient.PostAsync(server.Client, "/baseline?read=everything", Encoding.UTF8.GetBytes("{}"));

        status.Should().Be(400);
        text.Should().Contain("tokens, document");
    }

    private static Task<RunningWebhook> StartWithBaselineAsync() =>
        RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels, mapMore: app =>
            app.MapPost("/baseline", context => TransportBaseline.HandleAsync(context, app.Services.GetRequiredService<WebhookOptions>().MaxRequestBytes)));
}
