using Guardrails.Webhook.Cluster;

namespace Guardrails.Webhook.Tests.Cluster;

public sealed class ClusterBackoffTests
{
    [Fact]
    public void Each_failure_in_a_row_doubles_the_step_up_to_the_cap_with_each_delay_between_half_and_all_of_it()
    {
        var backoff = new ClusterBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        double[] steps = [1, 2, 4, 8, 10, 10, 10];

        foreach (var step in steps)
        {
            backoff.Next().TotalSeconds.Should().BeInRange(step / 2, step);
        }
    }

    [Fact]
    public void A_success_starts_over_at_the_first_step()
    {
        var backoff = new ClusterBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        for (var i = 0; i < 5; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        backoff.Next().TotalSeconds.Should().BeInRange(0.5, 1);
        backoff.Next().TotalSeconds.Should().BeInRange(1, 2);
    }

    [Fact]
    public void The_delays_are_spread_so_that_replicas_do_not_retry_in_step()
    {
        var delays = Enumerable.Range(0, 50).Select(_ => new ClusterBackoff(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8)).Next()).ToList();
        var spread = Enumerable.Range(0, 50).Select(_ => ClusterBackoff.Spread(TimeSpan.FromMinutes(5))).ToList();

        delays.Distinct().Should().HaveCountGreaterThan(40);
        spread.Should().OnlyContain(d => d >= TimeSpan.FromMinutes(5) && d <= TimeSpan.FromMinutes(10));
        spread.Distinct().Should().HaveCountGreaterThan(40);
    }
}
