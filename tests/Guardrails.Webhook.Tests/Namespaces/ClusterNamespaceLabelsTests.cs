using System.Diagnostics;
using System.Net;
using Guardrails.Engine.Hosts;
using Guardrails.Webhook.Cluster;
using Guardrails.Webhook.Namespaces;
using Guardrails.Webhook.Tests.Cluster;
using Guardrails.Webhook.Tests.PolicyReload;
using Microsoft.Extensions.Logging;
using k8s;

namespace Guardrails.Webhook.Tests.Namespaces;

/// <summary>
/// The cluster namespace cache against a fake API server: readiness, list, watch events, direct gets, failures that
/// must read as unknown (never as "no labels"), 410 Gone and logging once per problem.
/// </summary>
public sealed class ClusterNamespaceLabelsTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Prod = new() { ["env"] = "prod", ["team"] = "payments" };

    private readonly ListLogger _log = new();
    private FakeApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.StartAsync();
        _server.Set("payments", Prod);
        _server.Set("kube-system", new() { [NamespaceLabelDefaults.NameLabel] = "kube-system" });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Is_not_ready_until_the_list_lands_then_serves_its_labels_from_the_cache()
    {
        _server.ListGate = new TaskCompletionSource();
        await using var source = Source();
        source.Start();

        source.IsReady.Should().BeFalse();
        source.Lookup("payments").Should().Be(NamespaceLabelLookup.Unknown("the namespace cache has not synced yet"));
        source.Description.Should().Contain("listing namespaces");

        _server.ListGate.SetResult();
        await Eventually.Until(() => source.IsReady, "the cache to sync");

        Labels(source, "payments").Should().BeEquivalentTo(new Dictionary<string, string>(Prod) { [NamespaceLabelDefaults.NameLabel] = "payments" });
        Labels(source, "kube-system").Should().BeEquivalentTo(new Dictionary<string, string> { [NamespaceLabelDefaults.NameLabel] = "kube-system" });
        _server.Gets.Should().Be(0, "listed namespaces are served from the cache");
        source.Description.Should().Contain("2 namespaces, watching");
        _log.Entries.Should().Contain(entry => entry.Message.Contains("Namespace cache synced: 2 namespaces", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watches_from_the_list_resourceVersion_and_applies_added_modified_and_deleted()
    {
        await using var source = await StartedAsync();
        _server.WatchVersions[0].Should().Be(_server.ListedVersion);

        await _server.EmitAsync("MODIFIED", "payments", new() { ["env"] = "staging" });
        await Eventually.Until(() => Label(source, "payments", "env") == "staging", "the MODIFIED event to change the labels");
        Labels(source, "payments").Should().NotContainKey("team");

        // Looking up a namespace before its event arrives would read it directly: wait on the cache itself.
        await _server.EmitAsync("ADDED", "orders", new() { ["env"] = "prod" });
        await Eventually.Until(() => source.Description.Contains("3 namespaces", StringComparison.Ordinal), "the ADDED event to add the namespace");
        Label(source, "orders", "env").Should().Be("prod");
        _server.Gets.Should().Be(0, "watched namespaces are served from the cache");

        await _server.EmitAsync("DELETED", "payments");
        await Eventually.Until(() => source.Lookup("payments").Labels is null, "the DELETED event to remove the namespace");
        source.Lookup("payments").UnknownReason.Should().Be("namespace payments does not exist in the cluster");
        _server.Lists.Should().Be(1);
    }

    [Fact]
    public async Task A_namespace_missing_from_the_cache_is_read_directly_and_then_cached()
    {
        await using var source = await StartedAsync();
        _server.Set("just-created", new() { ["env"] = "dev" });

        Labels(source, "just-created").Should().Contain("env", "dev").And.Contain(NamespaceLabelDefaults.NameLabel, "just-created");
        _server.Gets.Should().Be(1);
        Labels(source, "just-created").Should().Contain("env", "dev");
        _server.Gets.Should().Be(1, "the answer of the direct GET is cached");
    }

    [Fact]
    public async Task A_namespace_that_does_not_exist_is_unknown_with_the_reason()
    {
        await using var source = await StartedAsync();

        var lookup = source.Lookup("nowhere");

        lookup.Labels.Should().BeNull("an unknown namespace must make selectors fail closed, not match nothing");
        lookup.UnknownReason.Should().Be("namespace nowhere does not exist in the cluster");
    }

    [Fact]
    public async Task A_failed_direct_get_is_unknown_with_the_reason_and_cached_namespaces_keep_their_labels()
    {
        await using var source = await StartedAsync();
        _server.GetFailure = HttpStatusCode.InternalServerError;
        _server.Set("just-created", new() { ["env"] = "dev" });

        var lookup = source.Lookup("just-created");

        lookup.Labels.Should().BeNull();
        lookup.UnknownReason.Should().Be("looking up namespace just-created failed: the API server answered 500 InternalServerError: the get failed on purpose");
        Labels(source, "payments").Should().Contain("env", "prod");
        _log.Entries.Should().Contain(entry => entry.Level == LogLevel.Warning && entry.Message.Contains("looking up namespace just-created failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_direct_get_that_does_not_answer_in_time_is_unknown_within_the_timeout()
    {
        var timeout = TimeSpan.FromSeconds(1);
        await using var source = await StartedAsync(timeout);
        _server.GetDelay = TimeSpan.FromSeconds(30);
        _server.Set("slow", []);

        var watch = Stopwatch.StartNew();
        var lookup = source.Lookup("slow");
        watch.Stop();

        lookup.Labels.Should().BeNull();
        lookup.UnknownReason.Should().Be("looking up namespace slow failed: the API server did not answer within 1000 ms");
        watch.Elapsed.Should().BeLessThan(timeout + TimeSpan.FromSeconds(1.5), "a lookup never blocks much longer than its timeout");
    }

    [Fact]
    public async Task When_the_API_server_goes_away_cached_labels_stay_and_other_lookups_are_unknown_with_the_reason()
    {
        await using var source = await StartedAsync();
        await _server.StopAsync();

        await Eventually.Until(() => source.Description.Contains("stale since", StringComparison.Ordinal), "the broken watch to show in the description");
        source.IsReady.Should().BeTrue("stale labels are still served, as an informer would");
        source.Description.Should().Contain("watching namespaces failed").And.Contain("serving the last known labels");
        Labels(source, "payments").Should().Contain("env", "prod");

        var watch = Stopwatch.StartNew();
        var lookup = source.Lookup("elsewhere");
        watch.Stop();

        lookup.Labels.Should().BeNull("a failed lookup must never read as a namespace without labels");
        lookup.UnknownReason.Should().StartWith("looking up namespace elsewhere failed: ");
        watch.Elapsed.Should().BeLessThan(Options().LookupTimeout + TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task A_410_Gone_event_makes_the_cache_list_again()
    {
        await using var source = await StartedAsync();
        _server.Set("missed", new() { ["env"] = "qa" });

        await _server.EmitGoneAsync();

        await Eventually.Until(() => _server.Lists == 2, "a second list");
        await Eventually.Until(() => _server.Watches == 2, "a watch from the new list");
        _server.WatchVersions[1].Should().Be(_server.ListedVersion);
        Labels(source, "missed").Should().Contain("env", "qa");
        _server.Gets.Should().Be(0, "the namespace came from the new list");
        _log.Entries.Should().Contain(entry => entry.Message.Contains("has expired; listing again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_410_Gone_answer_to_the_watch_makes_the_cache_list_again_with_backoff()
    {
        _server.WatchFailure = HttpStatusCode.Gone;
        await using var source = Source();
        source.Start();

        await Eventually.Until(() => _server.Lists >= 3, "lists after each 410");
        source.IsReady.Should().BeTrue();

        _server.WatchFailure = null;
        await Eventually.Until(() => _server.Streams == 1, "a watch that streams");
        await _server.EmitAsync("ADDED", "after-gone", []);
        await Eventually.Until(() => source.Description.Contains("3 namespaces", StringComparison.Ordinal), "the event on the new watch");
        source.Lookup("after-gone").Labels.Should().NotBeNull();
        _server.Gets.Should().Be(0);
    }

    [Fact]
    public async Task A_watch_the_server_ends_is_renewed_from_the_last_resourceVersion_without_a_new_list()
    {
        await using var source = await StartedAsync();
        await _server.EmitAsync("MODIFIED", "payments", new() { ["env"] = "staging" });
        await Eventually.Until(() => Label(source, "payments", "env") == "staging", "the event");

        _server.EndWatch();

        await Eventually.Until(() => _server.Watches == 2, "a renewed watch");
        _server.WatchVersions[1].Should().Be(_server.EmittedVersion);
        _server.Lists.Should().Be(1);
    }

    [Fact]
    public async Task A_malformed_watch_event_breaks_the_watch_which_is_renewed()
    {
        await using var source = await StartedAsync();

        await _server.SendAsync("this is not JSON");

        await Eventually.Until(() => _server.Watches == 2, "a renewed watch");
        _server.Lists.Should().Be(1);
        await Eventually.Until(() => _log.Entries.Any(entry => entry.Message.Contains("recovered after: watching namespaces failed: the watch sent an event that could not be read", StringComparison.Ordinal)), "the recovery to be logged");
        await _server.EmitAsync("ADDED", "after-garbage", []);
        await Eventually.Until(() => source.Lookup("after-garbage").Labels is not null, "the event on the renewed watch");
    }

    [Fact]
    public async Task A_failing_list_keeps_the_cache_not_ready_logs_the_problem_once_and_recovers()
    {
        _server.ListFailure = HttpStatusCode.Forbidden;
        await using var source = Source();
        source.Start();

        await Eventually.Until(() => _server.Lists >= 4, "several attempts");
        source.IsReady.Should().BeFalse();
        source.Lookup("payments").UnknownReason.Should().Be("the namespace cache has not synced yet");
        source.Description.Should().Contain("not synced since").And.Contain("listing namespaces failed: the API server answered 403 Forbidden: the list failed on purpose");
        _log.Entries.Count(entry => entry.Level == LogLevel.Warning).Should().Be(1, "a problem is logged once, not at every retry");

        _server.ListFailure = null;
        await Eventually.Until(() => source.IsReady, "the cache to sync");
        Labels(source, "payments").Should().Contain("env", "prod");
        source.Description.Should().Contain("watching");
        _log.Entries.Should().Contain(entry => entry.Message.Contains("recovered after: listing namespaces failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Errors_back_off_exponentially_instead_of_spinning()
    {
        _server.ListFailure = HttpStatusCode.ServiceUnavailable;
        await using var source = Source(Options() with { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromSeconds(30) });
        source.Start();

        await Eventually.Until(() => _server.Lists >= 3, "a few attempts");
        await Task.Delay(TimeSpan.FromSeconds(1));

        // Delays of at least 10, 20, 40, 80, 160, 320, 640 ms allow fewer than ten attempts in the first second or so.
        _server.Lists.Should().BeLessThan(12);
    }

    private ClusterNamespaceLabels Source(ClusterCacheOptions? options = null) =>
        new(new KubernetesClientConfiguration { Host = _server.Address.ToString() }, _log, options ?? Options());

    private async Task<ClusterNamespaceLabels> StartedAsync(TimeSpan? lookupTimeout = null)
    {
        var source = Source(lookupTimeout is { } timeout ? Options() with { LookupTimeout = timeout } : null);
        source.Start();
        await Eventually.Until(() => source.IsReady && _server.Watches == 1, "the cache to sync and watch");
        return source;
    }

    // Direct gets get a generous timeout: the machine running the tests may be slow.
    private static ClusterCacheOptions Options() => new()
    {
        LookupTimeout = TimeSpan.FromSeconds(5),
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
    };

    private static IReadOnlyDictionary<string, string> Labels(ClusterNamespaceLabels source, string name)
    {
        var lookup = source.Lookup(name);
        lookup.UnknownReason.Should().BeNull();
        return lookup.Labels!;
    }

    private static string? Label(ClusterNamespaceLabels source, string name, string key) =>
        source.Lookup(name).Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;
}
