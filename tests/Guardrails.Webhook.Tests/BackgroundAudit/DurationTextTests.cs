using Guardrails.Webhook.BackgroundAudit;

namespace Guardrails.Webhook.Tests.BackgroundAudit;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("10m", 600)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5s", 1.5)]
    [InlineData("500ms", 0.5)]
    public void Reads_durations_as_kubernetes_writes_them(string text, double seconds)
    {
        BackgroundAuditOptions.TryParseInterval(text, out var value).Should().BeTrue();
        value.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("5x")]
    [InlineData("-5m")]
    [InlineData("m")]
    [InlineData("1h 30m")]
    public void Refuses_what_is_not_a_duration(string text) => BackgroundAuditOptions.TryParseInterval(text, out _).Should().BeFalse();

    [Fact]
    public void An_interval_under_a_second_is_a_problem_and_off_is_none()
    {
        new BackgroundAuditOptions { Interval = TimeSpan.FromMilliseconds(500) }.Validate().Should().ContainSingle().Which.Should().Be("--audit-interval must be at least 1s, not 0.5s");
        new BackgroundAuditOptions { Interval = null, RequestsPerSecond = -1 }.Validate().Should().BeEmpty();
        new BackgroundAuditOptions { Interval = TimeSpan.FromMinutes(5), RequestsPerSecond = 0 }.Validate().Should().ContainSingle().Which.Should().StartWith("--audit-rate");
    }
}
