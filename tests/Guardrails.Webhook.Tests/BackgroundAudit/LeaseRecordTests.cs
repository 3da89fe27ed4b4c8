using Guardrails.Webhook.BackgroundAudit;

namespace Guardrails.Webhook.Tests.BackgroundAudit;

public sealed class LeaseRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    [Fact]
    public void A_missing_lease_is_created_held_by_the_replica()
    {
        LeaseRecord.Claim(null, "a", Duration, Now).Should().Be(new LeaseRecord("a", 15, Now, Now, 0));
    }

    [Fact]
    public void The_holder_renews_keeping_its_acquire_time_and_transitions()
    {
        var held = new LeaseRecord("a", 15, Now.AddMinutes(-5), Now.AddSeconds(-5), 3);

        LeaseRecord.Claim(held, "a", Duration, Now).Should().Be(held with { RenewTime = Now });
    }

    [Fact]
    public void Another_replica_waits_while_the_holder_renews_in_time()
    {
        var held = new LeaseRecord("a", 15, Now.AddMinutes(-5), Now.AddSeconds(-14), 3);

        LeaseRecord.Claim(held, "b", Duration, Now).Should().BeNull();
    }

    [Fact]
    public void Another_replica_takes_over_a_lease_not_renewed_within_its_duration()
    {
        var stale = new LeaseRecord("a", 15, Now.AddMinutes(-5), Now.AddSeconds(-16), 3);

        LeaseRecord.Claim(stale, "b", Duration, Now).Should().Be(new LeaseRecord("b", 15, Now, Now, 4));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_released_lease_is_taken_at_once(string? holder)
    {
        var released = new LeaseRecord(holder, 1, Now.AddMinutes(-5), Now, 2);

        LeaseRecord.Claim(released, "b", Duration, Now).Should().Be(new LeaseRecord("b", 15, Now, Now, 3));
    }

    [Fact]
    public void Only_the_holder_releases_and_a_release_frees_the_lease()
    {
        var held = new LeaseRecord("a", 15, Now.AddMinutes(-5), Now.AddSeconds(-5), 3);

        LeaseRecord.Release(held, "b", Now).Should().BeNull();
        var released = LeaseRecord.Release(held, "a", Now)!;
        released.Holder.Should().BeNull();
        released.IsFree(Now).Should().BeTrue();
        held.IsFree(Now).Should().BeFalse();
    }
}
