using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>The body limit is the same number of bytes whether the client declares the length or sends it chunked.</summary>
public sealed class BodyLimitTests : IAsyncLifetime
{
    private const long Limit = 32 * 1024;

    private RunningWebhook? _server;

    public async Task InitializeAsync() =>
        _server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels, configure: o => o with { MaxRequestBytes = Limit });

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Theory]
    [InlineData(-1, false, 200)]
    [InlineData(0, false, 200)]
    [InlineData(1, false, 413)]
    [InlineData(-1, true, 200)]
    [InlineData(0, true, 200)]
    [InlineData(1, true, 413)]
    public async Task A_body_up_to_the_limit_is_judged_and_one_byte_more_is_413(int overLimit, bool chunked, int expected)
    {
        var body = ReviewOfLength(Limit + overLimit);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/validate?timeout=5s") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await _server!.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(expected, text);
        var json = JsonNode.Parse(text)!;
        if (expected == 200)
        {
            json["response"]!["allowed"]!.GetValue<bool>().Should().BeTrue();
        }
        else
        {
            json["detail"]!.GetValue<string>().Should().Contain($"{Limit} bytes accepted");
        }
    }

    // A real review (allowed) padded with an annotation to exactly length bytes.
    private static byte[] ReviewOfLength(long length)
    {
        var review = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.AdmissionReviews, "validate-create-deployment-checkout.json")))!;
        var annotations = review["request"]!["object"]!["metadata"]!["annotations"] ??= new JsonObject();
        annotations["example.com/padding"] = "";
        var padding = length - Encoding.UTF8.GetByteCount(review.ToJsonString());
        annotations["example.com/padding"] = new string('x', (int)padding);
        var body = Encoding.UTF8.GetBytes(review.ToJsonString());
        body.Length.Should().Be((int)length);
        return body;
    }
}
