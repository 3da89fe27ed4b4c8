using Guardrails.Webhook.Hosting;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>The evaluation deadline stays well under the API server's own timeout and never over the cap.</summary>
public sealed class AdmissionTimeoutTests
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData("5s", 3000)]
    [InlineData("10s", 3000)]
    [InlineData("2s", 1200)]
    [InlineData("1s", 600)]
    [InlineData("500ms", 300)]
    [InlineData("1m30s", 3000)]
    [InlineData("100ms", 100)]
    [InlineData(null, 3000)]
    [InlineData("", 3000)]
    [InlineData("soon", 3000)]
    [InlineData("5", 3000)]
    [InlineData("-5s", 3000)]
    public void The_deadline_is_60_percent_of_the_api_server_timeout_within_floor_and_cap(string? query, int expectedMilliseconds)
    {
        AdmissionTimeout.Deadline(query, Cap).Should().Be(TimeSpan.FromMilliseconds(expectedMilliseconds));
    }

    [Theory]
    [InlineData("5s", 5_000)]
    [InlineData("1h2m3s", 3_723_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("250ms", 250)]
    public void Go_durations_parse(string text, int milliseconds)
    {
        AdmissionTimeout.TryParseGoDuration(text, out var duration).Should().BeTrue();
        duration.Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }
}
