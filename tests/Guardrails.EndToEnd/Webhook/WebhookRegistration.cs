using System.Text.Json.Nodes;
using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Helm;
using Guardrails.EndToEnd.Kubernetes;

namespace Guardrails.EndToEnd.Webhook;

/// <summary>
/// The chart's own webhook configurations, rendered by real <c>helm template</c> and registered for serve instances on
/// loopback. Only two things change: <c>clientConfig.service</c> becomes <c>url: https://127.0.0.1:PORT/&lt;the chart's
/// path&gt;</c> with the run's <c>caBundle</c>, and one expression is appended to each namespaceSelector,
/// <c>e2e.guardrails.dev/webhooks In [id]</c>, so that each test's namespaces reach only the serve instances that test
/// registered (the suite runs several registrations at once). Rules, the chart's selector expressions, failure policies,
/// timeouts and reinvocation are the chart's, and the objects get a name suffixed with the id.
/// </summary>
internal sealed class WebhookRegistration : IAsyncDisposable
{
    /// <summary>The chart's opt-out label: namespaces carrying it are never judged.</summary>
    public const string IgnoreLabel = "guardrails.dev/ignore";

    private readonly TestCluster _cluster;
    private bool _disposed;

    private WebhookRegistration(TestCluster cluster, string id, WebhookMode mode, IReadOnlyList<JsonObject> configurations)
    {
        _cluster = cluster;
        Id = id;
        Mode = mode;
        Configurations = configurations;
    }

    /// <summary>The value of <see cref="TestCluster.ScopeLabel"/> that routes a namespace to these webhooks.</summary>
    public string Id { get; }

    public WebhookMode Mode { get; }

    /// <summary>The configurations as registered.</summary>
    public IReadOnlyList<JsonObject> Configurations { get; private set; }

    public static async Task<WebhookRegistration> CreateAsync(TestCluster cluster, string id, WebhookMode mode, ServeInstance validating, ServeInstance mutating, IReadOnlyList<string> helmSet)
    {
        var chart = await RenderAsync(cluster, mode, helmSet);
        var configurations = new List<JsonObject>();
        foreach (var configuration in chart)
        {
            var target = configuration["kind"]!.GetValue<string>() == "MutatingWebhookConfiguration" ? mutating : validating;
            configurations.Add(Rewrite(configuration, id, target, cluster.Pki.CaBundle));
        }

        var registration = new WebhookRegistration(cluster, id, mode, configurations);
        foreach (var configuration in configurations)
        {
            ApiServer.Require(await cluster.Api.CreateAsync(configuration), $"register {configuration["kind"]} {ApiServer.Name(configuration)}");
        }

        await registration.WaitUntilActiveAsync();
        return registration;
    }

    /// <summary>The chart's webhook configurations as <c>helm template</c> renders them for <paramref name="mode"/>.</summary>
    public static async Task<IReadOnlyList<JsonObject>> RenderAsync(TestCluster cluster, WebhookMode mode, IReadOnlyList<string> helmSet)
    {
        var set = helmSet.SelectMany(s => new[] { "--set", s }).ToList();
        if (mode == WebhookMode.ValidatingOnly)
        {
            set.AddRange(["--set", "webhook.mutating.enabled=false"]);
        }

        var rendered = await HelmTool.Version(4, cluster).TemplateAsync("guardrails", "guardrails", set);
        return [.. Yaml.YamlJson.Documents(rendered).OfType<JsonObject>()
            .Where(d => d["kind"]?.GetValue<string>() is "MutatingWebhookConfiguration" or "ValidatingWebhookConfiguration")];
    }

    /// <summary>Points every webhook at <paramref name="serve"/>, as Kubernetes moves a Service to the endpoints that are ready.</summary>
    public async Task SwitchToAsync(ServeInstance serve)
    {
        var updated = new List<JsonObject>();
        foreach (var configuration in Configurations)
        {
            var path = await _cluster.Api.ObjectPathAsync(configuration);
            var patch = new JsonArray();
            var webhooks = configuration["webhooks"]!.AsArray();
            for (var i = 0; i < webhooks.Count; i++)
            {
                var url = new Uri(webhooks[i]!["clientConfig"]!["url"]!.GetValue<string>());
                patch.Add(new JsonObject { ["op"] = "replace", ["path"] = $"/webhooks/{i}/clientConfig/url", ["value"] = serve.Url + url.PathAndQuery });
            }

            var response = ApiServer.Require(await _cluster.Api.PatchAsync(path, patch, PatchType.Json), $"point {ApiServer.Name(configuration)} at {serve.Name}");
            updated.Add(response.Json!.AsObject());
        }

        Configurations = updated;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var configuration in Configurations)
        {
            await _cluster.Api.DeleteAsync(await _cluster.Api.ObjectPathAsync(configuration));
        }
    }

    private static JsonObject Rewrite(JsonObject chartConfiguration, string id, ServeInstance serve, string caBundle)
    {
        var configuration = chartConfiguration.DeepClone().AsObject();
        configuration["metadata"]!["name"] = $"{configuration["metadata"]!["name"]!.GetValue<string>()}-{id}";
        foreach (var webhook in configuration["webhooks"]!.AsArray())
        {
            var clientConfig = webhook!["clientConfig"]!.AsObject();
            var service = clientConfig["service"]?.AsObject() ?? throw new InvalidOperationException("the chart's webhook has no clientConfig.service");
            clientConfig.Remove("service");
            clientConfig["url"] = serve.Url + service["path"]!.GetValue<string>();
            clientConfig["caBundle"] = caBundle;
            var selector = webhook["namespaceSelector"]!.AsObject();
            var expressions = selector["matchExpressions"]?.AsArray() ?? [];
            selector["matchExpressions"] = expressions;
            expressions.Add(new JsonObject { ["key"] = TestCluster.ScopeLabel, ["operator"] = "In", ["values"] = new JsonArray(id) });
        }

        return configuration;
    }

    // The API server learns of new configurations through an informer: a probe in a namespace of this scope must be judged
    // (and, with the mutating webhook, patched) before the registration is used.
    private async Task WaitUntilActiveAsync()
    {
        var probeNamespace = await _cluster.CreateNamespaceAsync("probe-" + Id, this);
        await Eventually.ReturnsAsync(
            () => _cluster.Api.CreateAsync(Probes.DeniedPod(probeNamespace), dryRun: true),
            response => response.Message?.Contains("guardrails denied", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(30),
            $"the validating webhook of {Id} judges requests");
        if (Mode == WebhookMode.Both)
        {
            await Eventually.ReturnsAsync(
                () => _cluster.Api.CreateAsync(Probes.PatchedPod(probeNamespace), dryRun: true),
                Probes.WasPatched,
                TimeSpan.FromSeconds(30),
                $"the mutating webhook of {Id} patches requests");
        }
    }
}
