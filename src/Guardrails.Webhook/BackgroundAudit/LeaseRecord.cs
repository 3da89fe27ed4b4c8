namespace Guardrails.Webhook.BackgroundAudit;

/// <summary>
/// The spec of a <c>coordination.k8s.io/v1</c> Lease, and the rule of leader election on it: a replica may hold the lease
/// when nobody does (<c>holderIdentity</c> empty), when it already does, or when the holder has not renewed it within
/// <c>leaseDurationSeconds</c> of <c>renewTime</c>; otherwise it waits.
/// </summary>
/// <param name="Holder">The replica holding the lease (<c>holderIdentity</c>); null or empty when released.</param>
/// <param name="DurationSeconds">How long a renewal holds (<c>leaseDurationSeconds</c>).</param>
/// <param name="AcquireTime">When the holder took it.</param>
/// <param name="RenewTime">When the holder last renewed it.</param>
/// <param name="Transitions">How many times it changed hands (<c>leaseTransitions</c>).</param>
internal sealed record LeaseRecord(string? Holder, int DurationSeconds, DateTimeOffset? AcquireTime, DateTimeOffset? RenewTime, int Transitions)
{
    /// <summary>True when nobody holds the lease at <paramref name="now"/>: released, never renewed, or not renewed in time.</summary>
    public bool IsFree(DateTimeOffset now) =>
        string.IsNullOrEmpty(Holder) || RenewTime is not { } renewed || renewed + TimeSpan.FromSeconds(DurationSeconds) < now;

    /// <summary>
    /// What <paramref name="identity"/> writes to hold the lease at <paramref name="now"/> for <paramref name="duration"/>: a
    /// renewal when it holds it, a take-over when it is free; null when another replica holds it.
    /// </summary>
    public static LeaseRecord? Claim(LeaseRecord? current, string identity, TimeSpan duration, DateTimeOffset now)
    {
        var seconds = (int)Math.Ceiling(duration.TotalSeconds);
        if (current is null)
        {
            return new LeaseRecord(identity, seconds, now, now, 0);
        }

        if (current.Holder == identity)
        {
            return current with { DurationSeconds = seconds, RenewTime = now, AcquireTime = current.AcquireTime ?? now };
        }

        return current.IsFree(now) ? new LeaseRecord(identity, seconds, now, now, current.Transitions + 1) : null;
    }

    /// <summary>What <paramref name="identity"/> writes to give the lease up at <paramref name="now"/>; null when it does not hold it.</summary>
    public static LeaseRecord? Release(LeaseRecord? current, string identity, DateTimeOffset now) =>
        current is not null && current.Holder == identity ? current with { Holder = null, DurationSeconds = 1, RenewTime = now } : null;
}
