using System.Text;
using System.Text.Json.Nodes;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>
/// A review whose container asks for a quantity like "1e99999999" (issue 15.1: a 5.7 KB request that used to run for
/// minutes and take gigabytes) is answered with its verdict, and the server goes on answering. The time-out is only a
/// guard against a hang; what the test checks is the answer.
/// </summary>
public sealed class ExtremeQuantityTests(WebhookFixture server) : IClassFixture<WebhookFixture>
{
    private const int HangGuard = 60_000;

    public static TheoryData<string, bool> Cpus() => new()
    {
        { "1e99999999", false },
        { "1e999999999", false },
        { "1E+2147483647", false },
        { new string('9', 100_000), false },
        { "99999999999999Ei", false },
        { "+" + new string('0', 100_000) + "4", true },
        { "3." + new string('9', 100_000), true },
        { "1e-99999999", true },
        { "1e4294967296", true }, // the API server truncates the exponent to 32 bits: this is 1
    };

    [Theory(Timeout = HangGuard)]
    [MemberData(nameof(Cpus))]
    public async Task A_review_with_an_extreme_cpu_limit_gets_its_verdict(string cpu, bool allowed)
    {
        var (status, body, text) = await Post("validate", cpu);

        status.Should().Be(200, text.Length > 2000 ? text[..2000] : text);
        body!["response"]!["allowed"]!.GetValue<bool>().Should().Be(allowed);
        if (!allowed)
        {
            var message = body["response"]!["status"]!["message"]!.GetValue<string>();
            message.Should().Contain("resource-requests-limits/cpu-limit-max");
            message.Length.Should().BeLessThan(4_000, "a long value is shown cut short");
        }

        var (next, nextBody, nextText) = await AdmissionClient.PostFixtureAsync(server.Client, "validate-create-deployment-checkout.json");
        next.Should().Be(200, nextText);
        nextBody!["response"]!["allowed"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact(Timeout = HangGuard)]
    public async Task The_mutating_webhook_answers_too()
    {
        var (status, body, text) = await Post("mutate", "1e99999999");

        status.Should().Be(200, text);
        body!["response"]!["allowed"]!.GetValue<bool>().Should().BeTrue();
    }

    private async Task<(int Status, JsonNode? Body, string Text)> Post(string webhook, string cpu)
    {
        var review = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.AdmissionReviews, "validate-create-deployment-checkout.json")))!;
        review["request"]!["object"]!["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"] = cpu;
        return await AdmissionClient.PostAsync(server.Client, $"/{webhook}?timeout=10s", Encoding.UTF8.GetBytes(review.ToJsonString()));
    }
}
