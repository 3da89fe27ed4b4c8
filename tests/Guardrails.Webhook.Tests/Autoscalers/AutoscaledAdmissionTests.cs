using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Guardrails.Webhook.Autoscalers;
using Guardrails.Webhook.Cluster;
using Guardrails.Webhook.Tests.Cluster;
using Guardrails.Webhook.Tests.Hosting;
using Guardrails.Webhook.Tests.PolicyReload;
using k8s;

namespace Guardrails.Webhook.Tests.Autoscalers;

/// <summary>
/// Through the real server over TLS, with the autoscaler cache fed by a fake API server's list and watch: the API
/// server's own review of <c>kubectl apply -f examples/deploy-bad.yaml</c> (Deployment ledger, no replicas, defaulted
/// to 1) is judged on the autoscaler that scales it, as the autoscaler is created, lowered and deleted.
/// </summary>
public sealed class AutoscaledAdmissionTests : IAsyncLifetime
{
    private const string OwnReplicas = "[replica-minimum/min-replicas] Deployment ledger in production namespace payments-prod must run at least 2 replicas";
    private FakeApiServer _cluster = null!;

    public async Task InitializeAsync() => _cluster = await FakeApiServer.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task The_workload_is_judged_on_its_autoscaler_as_it_comes_changes_and_goes()
    {
        _cluster.SetAutoscaler("payments-prod", "ledger", "Deployment", "ledger", 2);
        await using var autoscalers = await StartedAsync();
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels, autoscalerSource: autoscalers);

        // Kept at 2 by its autoscaler: no replica finding, and the mutating webhook leaves spec.replicas to the autoscaler.
        (await DenialAsync(server)).Should().NotContain("[replica-minimum/");
        var (patch, warnings) = await MutationAsync(server);
        patch.Should().NotContain(p => (string?)p!["path"] == "/spec/replicas");
        warnings.Should().NotContain(w => w.StartsWith("[replica-minimum/", StringComparison.Ordinal));

        // Lowered to 1: denied, naming the autoscaler, and still never patched.
        await _cluster.EmitAutoscalerAsync("MODIFIED", "payments-prod", "ledger", "Deployment", "ledger", 1);
        await Eventually.Until(() => autoscalers.Lookup("payments-prod").Autoscalers?.Single().Floor == 1, "the lowered floor to reach the cache");
        (await DenialAsync(server)).Should().Contain(
            "[replica-minimum/min-replicas] Deployment ledger in production namespace payments-prod is scaled by HorizontalPodAutoscaler ledger with minReplicas 1, so it can run fewer than 2 replicas"
            + " (fix: Set spec.minReplicas of the HorizontalPodAutoscaler to 2 or more (an absent minReplicas means 1), and add a PodDisruptionBudget and pod anti-affinity or topology spread constraints so that the replicas do not share a node)"
            + " (not fixed by the mutating webhook: /spec/replicas is set by HorizontalPodAutoscaler ledger, and a mutation never fights an autoscaler: raise its minReplicas)");
        (patch, _) = await MutationAsync(server);
        patch.Should().NotContain(p => (string?)p!["path"] == "/spec/replicas");

        // Deleted: the workload is its own again, judged and filled in on its own replicas.
        await _cluster.EmitAutoscalerAsync("DELETED", "payments-prod", "ledger", "Deployment", "ledger", 1);
        await Eventually.Until(() => autoscalers.Lookup("payments-prod").Autoscalers is { Count: 0 }, "the deletion to reach the cache");
        (await DenialAsync(server)).Should().Contain(OwnReplicas + " (fix: Set spec.replicas to 2 or more");
        (patch, warnings) = await MutationAsync(server);
        patch.Should().Contain(p => (string?)p!["path"] == "/spec/replicas" && (string?)p["op"] == "replace" && (int?)p["value"] == 2);
        warnings.Should().Contain("[replica-minimum/min-replicas] set spec.replicas to 2");
    }

    [Fact]
    public async Task An_autoscaler_of_another_workload_or_namespace_does_not_count()
    {
        _cluster.SetAutoscaler("payments-prod", "other", "Deployment", "checkout", 3);
        _cluster.SetAutoscaler("default", "ledger", "Deployment", "ledger", 3);
        _cluster.SetAutoscaler("payments-prod", "ledger-rollout", "Rollout", "ledger", 3, "argoproj.io/v1alpha1");
        await using var autoscalers = await StartedAsync();
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels, autoscalerSource: autoscalers);

        (await DenialAsync(server)).Should().Contain(OwnReplicas);
    }

    [Fact]
    public async Task Before_the_autoscalers_are_listed_the_webhook_is_not_ready_and_a_denial_says_why_it_judged_the_own_replicas()
    {
        _cluster.SetAutoscaler("payments-prod", "ledger", "Deployment", "ledger", 3);
        _cluster.Autoscalers.ListFailure = HttpStatusCode.Forbidden;
        await using var autoscalers = Source();
        autoscalers.Start();
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels, autoscalerSource: autoscalers);
        await Eventually.Until(() => _cluster.Autoscalers.Lists >= 1, "a first, failed list");

        using var ready = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        var readiness = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        readiness["reasons"]!.AsArray().Select(r => (string?)r).Should().Contain("the autoscaler cache has not synced");
        ((string?)readiness["autoscalers"]).Should().Contain("listing horizontalpodautoscalers failed: the API server answered 403 Forbidden");

        (await DenialAsync(server)).Should().Contain(OwnReplicas)
            .And.EndWith(". HorizontalPodAutoscalers were unavailable (the autoscaler cache has not synced yet), so workloads were judged on their own replica count");
    }

    [Theory]
    [InlineData("autoscaling/v2")]
    [InlineData("autoscaling/v1")]
    public async Task An_autoscaler_applied_without_minReplicas_gets_two_and_says_so_and_one_written_at_one_is_denied(string apiVersion)
    {
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels);

        // The API server defaults minReplicas to 1 before admission; the last-applied manifest shows it was left out.
        var (_, mutated, text) = await AdmissionClient.PostAsync(server.Client, "/mutate?timeout=5s", AutoscalerReview(apiVersion, writtenMinReplicas: null));
        var (_, denied, _) = await AdmissionClient.PostAsync(server.Client, "/validate?timeout=5s", AutoscalerReview(apiVersion, writtenMinReplicas: 1));

        AdmissionClient.DecodedPatch(mutated)!.ToJsonString().Should().Be("""[{"op":"replace","path":"/spec/minReplicas","value":2}]""", text);
        mutated!["response"]!["warnings"]!.AsArray().Select(w => (string?)w).Should().Equal("[replica-minimum/hpa-min-replicas] set spec.minReplicas to 2");
        ((string?)denied!["response"]!["status"]!["message"]).Should().StartWith(
            "guardrails denied HorizontalPodAutoscaler payments-prod/ledger: [replica-minimum/hpa-min-replicas] HorizontalPodAutoscaler ledger in production namespace payments-prod must set minReplicas to 2 or more (an absent minReplicas means 1)");
    }

    private ClusterAutoscalers Source() =>
        new(new KubernetesClientConfiguration { Host = _cluster.Address.ToString() }, new ListLogger(), new ClusterCacheOptions
        {
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        });

    private async Task<ClusterAutoscalers> StartedAsync()
    {
        var source = Source();
        source.Start();
        await Eventually.Until(() => source.IsReady && _cluster.Autoscalers.Streams == 1, "the autoscaler cache to sync and watch");
        return source;
    }

    private static async Task<string> DenialAsync(RunningWebhook server)
    {
        var (status, body, text) = await AdmissionClient.PostFixtureAsync(server.Client, "validate-create-deployment-ledger.json");
        status.Should().Be(200, text);
        return (string?)body!["response"]!["status"]?["message"] ?? string.Empty;
    }

    private static async Task<(JsonArray Patch, List<string> Warnings)> MutationAsync(RunningWebhook server)
    {
        var (status, body, text) = await AdmissionClient.PostFixtureAsync(server.Client, "mutate-create-deployment-ledger.json");
        status.Should().Be(200, text);
        return (AdmissionClient.DecodedPatch(body) ?? [], body!["response"]!["warnings"]?.AsArray().Select(w => (string)w!).ToList() ?? []);
    }

    // A CREATE review shaped as the API server sends it after `kubectl apply`: minReplicas defaulted to 1 when left out.
    private static byte[] AutoscalerReview(string apiVersion, int? writtenMinReplicas)
    {
        var version = apiVersion["autoscaling/".Length..];
        var manifest = new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = "HorizontalPodAutoscaler",
            ["metadata"] = new JsonObject { ["name"] = "ledger", ["namespace"] = "payments-prod" },
            ["spec"] = new JsonObject
            {
                ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = "ledger" },
                ["maxReplicas"] = 6,
            },
        };
        if (writtenMinReplicas is { } written)
        {
            manifest["spec"]!["minReplicas"] = written;
        }

        var stored = manifest.DeepClone();
        stored["spec"]!["minReplicas"] = writtenMinReplicas ?? 1;
        stored["metadata"]!["annotations"] = new JsonObject { ["kubectl.kubernetes.io/last-applied-configuration"] = manifest.ToJsonString() + "\n" };
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = Guid.NewGuid().ToString(),
                ["kind"] = new JsonObject { ["group"] = "autoscaling", ["version"] = version, ["kind"] = "HorizontalPodAutoscaler" },
                ["resource"] = new JsonObject { ["group"] = "autoscaling", ["version"] = version, ["resource"] = "horizontalpodautoscalers" },
                ["name"] = "ledger",
                ["namespace"] = "payments-prod",
                ["operation"] = "CREATE",
                ["object"] = stored,
                ["dryRun"] = false,
            },
        };
        return Encoding.UTF8.GetBytes(review.ToJsonString());
    }
}
