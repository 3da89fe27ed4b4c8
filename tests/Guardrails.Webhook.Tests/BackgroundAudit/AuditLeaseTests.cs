using Guardrails.Webhook.Audit;
using Guardrails.Webhook.BackgroundAudit;
using Guardrails.Webhook.Cluster;
using Guardrails.Webhook.Tests.PolicyReload;
using k8s;

namespace Guardrails.Webhook.Tests.BackgroundAudit;

/// <summary>Two replicas' leases against one Lease with the API server's optimistic concurrency.</summary>
public sealed class AuditLeaseTests : IAsyncLifetime, IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private FakeLeaseServer _server = null!;
    private ClusterApi _api = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeLeaseServer.StartAsync();
        _api = new ClusterApi(new KubernetesClientConfiguration { Host = _server.Address.ToString() });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task One_replica_holds_the_lease_the_other_waits_and_takes_over_only_when_it_expires()
    {
        var a = Lease("a");
        var b = Lease("b");

        (await a.TryHoldAsync(default)).Should().BeTrue("nobody held it: a creates it");
        (await b.TryHoldAsync(default)).Should().BeFalse("a holds it");
        _time.Advance(TimeSpan.FromSeconds(10));
        (await a.TryHoldAsync(default)).Should().BeTrue("a renews");
        _time.Advance(TimeSpan.FromSeconds(10));
        (await b.TryHoldAsync(default)).Should().BeFalse("a renewed 10 s ago, within 15 s");
        _time.Advance(TimeSpan.FromSeconds(6));
        (await b.TryHoldAsync(default)).Should().BeTrue("a has not renewed for 16 s");
        ((string?)_server.Spec!["holderIdentity"]).Should().Be("b");
        ((int)_server.Spec!["leaseTransitions"]!).Should().Be(1);
        (await a.TryHoldAsync(default)).Should().BeFalse("b holds it now");
    }

    [Fact]
    public async Task A_released_lease_is_taken_at_once_and_only_its_holder_releases_it()
    {
        var a = Lease("a");
        var b = Lease("b");
        (await a.TryHoldAsync(default)).Should().BeTrue();

        await b.ReleaseAsync(default);
        (await b.TryHoldAsync(default)).Should().BeFalse("b released nothing: a still holds it");
        await a.ReleaseAsync(default);
        _server.Spec!["holderIdentity"].Should().BeNull();
        (await b.TryHoldAsync(default)).Should().BeTrue("a gave it up");
    }

    [Fact]
    public async Task Of_two_replicas_claiming_at_once_exactly_one_holds_the_lease()
    {
        for (var round = 0; round < 20; round++)
        {
            await using var server = await FakeLeaseServer.StartAsync();
            using var api = new ClusterApi(new KubernetesClientConfiguration { Host = server.Address.ToString() });
            var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Lease($"r{i}", api).TryHoldAsync(default)));

            claims.Count(held => held).Should().Be(1, $"round {round}: {string.Join(", ", claims)}");
        }
    }

    private AuditLease Lease(string identity, ClusterApi? api = null) =>
        new(new ClusterRest(api ?? _api, TimeSpan.FromSeconds(5)), "guardrails", "guardrails-audit", identity, TimeSpan.FromSeconds(15), _time);
}
