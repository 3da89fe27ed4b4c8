using System.Net;
using Guardrails.Engine.Autoscaling;
using Guardrails.Webhook.Autoscalers;
using Guardrails.Webhook.Cluster;
using Guardrails.Webhook.Tests.Cluster;
using Guardrails.Webhook.Tests.PolicyReload;
using k8s;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Tests.Autoscalers;

/// <summary>
/// The cluster autoscaler cache against a fake API server: readiness, the list across namespaces, watch events, 410
/// Gone, and failures that must read as unknown (never as "no autoscalers") before the first list.
/// </summary>
public sealed class ClusterAutoscalersTests : IAsyncLifetime
{
    private readonly ListLogger _log = new();
    private FakeApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.StartAsync();
        _server.SetAutoscaler("shop", "web", "Deployment", "web", 3);
        _server.SetAutoscaler("shop", "cache", "StatefulSet", "cache", null);
        _server.SetAutoscaler("billing", "api", "Deployment", "api", 2);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Is_not_ready_and_unknown_until_the_list_lands_then_serves_each_namespace_its_autoscalers()
    {
        _server.Autoscalers.ListGate = new TaskCompletionSource();
        await using var source = Source();
        source.Start();

        source.IsReady.Should().BeFalse();
        source.Lookup("shop").Should().Be(AutoscalerLookup.Unknown("the autoscaler cache has not synced yet"));
        source.Description.Should().Contain("listing horizontalpodautoscalers");

        _server.Autoscalers.ListGate.SetResult();
        await Eventually.Until(() => source.IsReady, "the cache to sync");

        Facts(source, "shop").Should().BeEquivalentTo(new[]
        {
            new Autoscaler("shop", "cache", "apps/v1", "StatefulSet", "cache", 1),
            new Autoscaler("shop", "web", "apps/v1", "Deployment", "web", 3),
        }, "the API server serves a defaulted minReplicas of 1");
        Facts(source, "billing").Should().ContainSingle().Which.Should().Be(new Autoscaler("billing", "api", "apps/v1", "Deployment", "api", 2));
        Facts(source, "empty").Should().BeEmpty("a namespace without autoscalers is known to have none");
        source.Description.Should().Contain("3 horizontalpodautoscalers, watching");
        _log.Entries.Should().Contain(entry => entry.Message.Contains("Autoscaler cache synced: 3 horizontalpodautoscalers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watches_from_the_list_resourceVersion_and_applies_added_modified_and_deleted()
    {
        await using var source = await StartedAsync();
        _server.Autoscalers.WatchVersions[0].Should().Be(_server.Autoscalers.ListedVersion);

        await _server.EmitAutoscalerAsync("MODIFIED", "shop", "web", "Deployment", "web", 1);
        await Eventually.Until(() => Floor(source, "shop", "web") == 1, "the MODIFIED event to lower the floor");

        await _server.EmitAutoscalerAsync("ADDED", "orders", "worker", "Deployment", "worker", 4, "apps/v1beta2");
        await Eventually.Until(() => Facts(source, "orders").Count == 1, "the ADDED event to add the autoscaler");
        Facts(source, "orders").Single().TargetApiVersion.Should().Be("apps/v1beta2");

        await _server.EmitAutoscalerAsync("DELETED", "shop", "web", "Deployment", "web", 1);
        await Eventually.Until(() => Facts(source, "shop").All(a => a.Name != "web"), "the DELETED event to remove the autoscaler");
        Facts(source, "shop").Select(a => a.Name).Should().Equal("cache");
        source.Description.Should().Contain("3 horizontalpodautoscalers, watching");
        _server.Autoscalers.Lists.Should().Be(1);
    }

    [Fact]
    public async Task A_410_Gone_event_makes_the_cache_list_again()
    {
        await using var source = await StartedAsync();
        _server.SetAutoscaler("shop", "missed", "Deployment", "missed", 5);

        await _server.Autoscalers.EmitGoneAsync();

        await Eventually.Until(() => _server.Autoscalers.Lists == 2, "a second list");
        await Eventually.Until(() => _server.Autoscalers.Watches == 2, "a watch from the new list");
        Floor(source, "shop", "missed").Should().Be(5);
        _log.Entries.Should().Contain(entry => entry.Message.Contains("Autoscaler cache: the watch's resourceVersion", StringComparison.Ordinal) && entry.Message.EndsWith("has expired; listing again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_forbidden_list_keeps_the_cache_not_ready_logs_the_problem_once_and_recovers()
    {
        _server.Autoscalers.ListFailure = HttpStatusCode.Forbidden;
        await using var source = Source();
        source.Start();

        await Eventually.Until(() => _server.Autoscalers.Lists >= 4, "several attempts");
        source.IsReady.Should().BeFalse();
        source.Lookup("shop").Autoscalers.Should().BeNull("a failed list must never read as a namespace without autoscalers");
        source.Description.Should().Contain("not synced since").And.Contain("listing horizontalpodautoscalers failed: the API server answered 403 Forbidden: the list failed on purpose");
        _log.At(LogLevel.Warning).Should().ContainSingle().Which.Should().Contain("not ready until the horizontalpodautoscalers are listed");

        _server.Autoscalers.ListFailure = null;
        await Eventually.Until(() => source.IsReady, "the cache to sync");
        Floor(source, "shop", "web").Should().Be(3);
    }

    [Fact]
    public async Task When_the_API_server_goes_away_the_last_known_autoscalers_are_served()
    {
        await using var source = await StartedAsync();
        await _server.StopAsync();

        await Eventually.Until(() => source.Description.Contains("stale since", StringComparison.Ordinal), "the broken watch to show in the description");
        source.IsReady.Should().BeTrue("stale autoscalers are still served, as an informer would");
        source.Description.Should().Contain("watching horizontalpodautoscalers failed").And.Contain("serving the last known autoscalers");
        Floor(source, "shop", "web").Should().Be(3);
    }

    private ClusterAutoscalers Source() =>
        new(new KubernetesClientConfiguration { Host = _server.Address.ToString() }, _log, new ClusterCacheOptions
        {
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        });

    private async Task<ClusterAutoscalers> StartedAsync()
    {
        var source = Source();
        source.Start();
        await Eventually.Until(() => source.IsReady && _server.Autoscalers.Watches == 1, "the cache to sync and watch");
        return source;
    }

    private static IReadOnlyList<Autoscaler> Facts(ClusterAutoscalers source, string ns)
    {
        var lookup = source.Lookup(ns);
        lookup.UnknownReason.Should().BeNull();
        return lookup.Autoscalers!;
    }

    private static int? Floor(ClusterAutoscalers source, string ns, string name) =>
        source.Lookup(ns).Autoscalers?.SingleOrDefault(a => a.Name == name)?.Floor;
}
