using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrails.EndToEnd.Checking;
using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Kubernetes;
using Guardrails.EndToEnd.Webhook;
using Guardrails.EndToEnd.Yaml;

namespace Guardrails.EndToEnd.Corpus;

/// <summary>
/// Writes every corpus document through the API server in one webhook mode, each in a namespace of its own with the
/// fixture's labels, and collects what the cluster answered, what <c>guardrails check</c> says of the same YAML (the
/// fixture's text with only metadata.namespace changed) and of the object the API server stored.
/// <list type="bullet">
/// <item>CREATE: a POST of the document as kubectl reads it.</item>
/// <item>UPDATE: the object is first created unjudged (its namespace carries the chart's <c>guardrails.dev/ignore</c>
/// label), the label is removed, and once a probe shows the namespace judged, the document is PUT. A Pod that adds
/// ephemeral containers is created without them and gets them through the ephemeralcontainers subresource, as
/// <c>kubectl debug</c> does: the API server refuses them anywhere else.</item>
/// <item>DELETE: created unjudged, then deleted once judged.</item>
/// <item>kube-system: the document goes to the real kube-system (renamed per mode), which the chart excludes.</item>
/// </list>
/// </summary>
internal sealed class CorpusRun
{
    private const int Parallelism = 6;
    private readonly TestCluster _cluster;
    private readonly WebhookRegistration _registration;
    private readonly string _folder;
    private readonly string _letter;

    private CorpusRun(TestCluster cluster, WebhookRegistration registration, string folder)
    {
        _cluster = cluster;
        _registration = registration;
        _folder = folder;
        _letter = registration.Mode == WebhookMode.Both ? "b" : "v";
    }

    public static Task<CorpusModeResults> RunAsync(TestCluster cluster, WebhookRegistration registration, IReadOnlyList<CorpusDocument> documents) =>
        new CorpusRun(cluster, registration, Path.Combine(cluster.Root, "corpus-" + registration.Id)).RunAsync(documents);

    private async Task<CorpusModeResults> RunAsync(IReadOnlyList<CorpusDocument> documents)
    {
        var clock = Stopwatch.StartNew();
        var items = Directory.CreateDirectory(Path.Combine(_folder, "items")).FullName;
        var stored = Directory.CreateDirectory(Path.Combine(_folder, "stored")).FullName;
        var plans = new Plan[documents.Count];
        await ForEachAsync(documents.Count, async i => plans[i] = await PlanAsync(documents[i], i, items));
        var planned = clock.Elapsed;
        var objects = await ConvertAsync(plans);
        var converted = clock.Elapsed;
        var written = new (ClusterOutcome Outcome, StoredState Stored)[plans.Length];
        await ForEachAsync(plans.Length, async i => written[i] = await WriteAsync(plans[i], objects[i], Path.Combine(stored, $"{i:D4}.json")));
        var wrote = clock.Elapsed;

        var namespaces = await WriteNamespacesAsync(plans.Where(p => !p.Document.IsNamespace).Select(p => p.Namespace).Append("kube-system").ToHashSet(StringComparer.Ordinal));
        var checkItems = CheckReport.RunAsync(_cluster.Guardrails, [items, namespaces]);
        var checkStored = CheckReport.RunAsync(_cluster.Guardrails, [stored, namespaces]);
        var (itemReport, storedReport) = (await checkItems, await checkStored);
        var results = new Dictionary<string, CorpusItemResult>(StringComparer.Ordinal);
        for (var i = 0; i < plans.Length; i++)
        {
            var plan = plans[i];
            var check = itemReport.In(plan.File).Single();
            var storedCheck = written[i].Stored.File is { } file ? storedReport.In(file).Single() : null;
            results[plan.Document.Key] = new CorpusItemResult(plan.Document, plan.Namespace, plan.File, written[i].Outcome, check, written[i].Stored, storedCheck);
        }

        TestCluster.Record($"corpus {_registration.Id}: namespaces and files {planned.TotalSeconds:0.0} s, kubectl read {(converted - planned).TotalSeconds:0.0} s, writes {(wrote - converted).TotalSeconds:0.0} s, checks {(clock.Elapsed - wrote).TotalSeconds:0.0} s");
        return new CorpusModeResults(_registration.Mode, results, clock.Elapsed);
    }

    private async Task<Plan> PlanAsync(CorpusDocument document, int index, string items)
    {
        string ns;
        var name = document.Name;
        if (document.IsNamespace)
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{_letter}{index}-{document.Name}");
            var namespaceFile = Path.Combine(items, $"{index:D4}.yaml");
            await File.WriteAllTextAsync(namespaceFile, YamlEdit.SetMetadata(document.Text, "name", name));
            return new Plan(document, "", name, namespaceFile);
        }

        if (document.InKubeSystem)
        {
            ns = "kube-system";
            name = string.Create(CultureInfo.InvariantCulture, $"{document.Name}-{_letter}{index}");
        }
        else
        {
            ns = await _cluster.CreateNamespaceAsync("c" + _letter, _registration, document.Labels, ignored: document.Operation != "CREATE");
        }

        var text = YamlEdit.SetMetadata(document.Text, "namespace", ns);
        if (name != document.Name)
        {
            text = YamlEdit.SetMetadata(text, "name", name);
        }

        var file = Path.Combine(items, $"{index:D4}.yaml");
        await File.WriteAllTextAsync(file, text);
        return new Plan(document, ns, name, file);
    }

    // kubectl reads the YAML as it reads users' files; one run for all documents.
    private async Task<JsonObject[]> ConvertAsync(Plan[] plans)
    {
        var result = await _cluster.Kubectl.RunAsync(
            ["create", "--dry-run=client", "-o", "json", "--validate=false", .. plans.SelectMany(p => new[] { "-f", p.File })], input: null, TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl could not read the corpus:\n{result.Describe()}");
        }

        var objects = new List<JsonObject>();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(result.Output));
        await foreach (var node in JsonSerializer.DeserializeAsyncEnumerable<JsonNode>(stream, topLevelValues: true))
        {
            objects.Add(node!.AsObject());
        }

        if (objects.Count != plans.Length)
        {
            throw new InvalidOperationException($"kubectl read {objects.Count} objects from {plans.Length} documents");
        }

        for (var i = 0; i < plans.Length; i++)
        {
            var ns = plans[i].Document.IsNamespace ? "" : ApiServer.Namespace(objects[i]);
            if (ApiServer.Name(objects[i]) != plans[i].Name || ns != plans[i].Namespace)
            {
                throw new InvalidOperationException($"kubectl read {ApiServer.Namespace(objects[i])}/{ApiServer.Name(objects[i])} from {plans[i].File}; expected {plans[i].Namespace}/{plans[i].Name}");
            }
        }

        return [.. objects];
    }

    private async Task<(ClusterOutcome, StoredState)> WriteAsync(Plan plan, JsonObject obj, string storedFile)
    {
        var api = _cluster.Api;
        var path = await api.ObjectPathAsync(obj);
        if (plan.Document.Operation == "CREATE")
        {
            var created = ClusterOutcome.FromApi("POST " + await api.CollectionPathAsync(obj), await api.CreateAsync(obj));
            return (created, await StoredAsync(path, created, storedFile, resourceVersionBefore: null));
        }

        var before = obj.DeepClone().AsObject();
        if (plan.Document.AddsEphemeralContainers)
        {
            before["spec"]!.AsObject().Remove("ephemeralContainers");
        }

        var setUp = ApiServer.Require(await api.CreateAsync(before), $"create {plan.Namespace}/{plan.Name} unjudged, to {plan.Document.Operation.ToLowerInvariant()} it");
        var resourceVersion = setUp.Json!["metadata"]!["resourceVersion"]!.GetValue<string>();
        await WhenJudgedAsync(plan.Namespace);
        if (plan.Document.Operation == "DELETE")
        {
            return (ClusterOutcome.FromApi("DELETE " + path, await api.DeleteAsync(path)), new StoredState(false, null, false, "deleted"));
        }

        ClusterOutcome updated;
        if (plan.Document.AddsEphemeralContainers)
        {
            var pod = setUp.Json!.AsObject();
            pod["spec"]!["ephemeralContainers"] = obj["spec"]!["ephemeralContainers"]!.DeepClone();
            updated = ClusterOutcome.FromApi($"PUT {path}/ephemeralcontainers", await api.SendAsync(HttpMethod.Put, path + "/ephemeralcontainers", pod));
        }
        else
        {
            var replacement = obj.DeepClone().AsObject();
            replacement["metadata"]!["resourceVersion"] = resourceVersion;
            updated = ClusterOutcome.FromApi("PUT " + path, await api.SendAsync(HttpMethod.Put, path, replacement));
        }

        return (updated, await StoredAsync(path, updated, storedFile, resourceVersion));
    }

    private async Task<StoredState> StoredAsync(string path, ClusterOutcome outcome, string storedFile, string? resourceVersionBefore)
    {
        var current = await _cluster.Api.GetAsync(path);
        if (outcome.Admitted)
        {
            ApiServer.Require(current, "read back " + path);
            await File.WriteAllTextAsync(storedFile, current.Text);
            return new StoredState(true, storedFile, false, "admitted and stored");
        }

        if (resourceVersionBefore is null)
        {
            return current.Status == 404
                ? new StoredState(false, null, true, "refused: nothing stored")
                : new StoredState(false, null, false, $"refused, yet GET {path} answered {current.Status}");
        }

        var now = current.Json?["metadata"]?["resourceVersion"]?.GetValue<string>();
        return now == resourceVersionBefore
            ? new StoredState(false, null, true, "refused: the stored object is unchanged")
            : new StoredState(false, null, false, $"refused, yet the stored object changed (resourceVersion {resourceVersionBefore} -> {now})");
    }

    // The namespace was created with the chart's ignore label so that the object to update could be made unjudged.
    private async Task WhenJudgedAsync(string ns)
    {
        await _cluster.Api.LabelNamespaceAsync(ns, new Dictionary<string, string?> { [WebhookRegistration.IgnoreLabel] = null });
        await Eventually.HoldsAsync(
            async () => (await _cluster.Api.CreateAsync(Probes.DeniedPod(ns), dryRun: true)).Message?.Contains("guardrails denied", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(30),
            $"namespace {ns} is judged once its ignore label is gone");
    }

    private async Task<string> WriteNamespacesAsync(HashSet<string> names)
    {
        var list = ApiServer.Require(await _cluster.Api.GetAsync("/api/v1/namespaces"), "list namespaces").Json!["items"]!.AsArray();
        var items = new JsonArray([.. list.Where(n => names.Contains(n!["metadata"]!["name"]!.GetValue<string>())).Select(n => new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = n!["metadata"]!["name"]!.DeepClone(), ["labels"] = n["metadata"]!["labels"]?.DeepClone() },
        })]);
        var file = Path.Combine(_folder, "namespaces.json");
        await File.WriteAllTextAsync(file, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = items }.ToJsonString());
        return file;
    }

    private static Task ForEachAsync(int count, Func<int, Task> body) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) => await body(i));

    private sealed record Plan(CorpusDocument Document, string Namespace, string Name, string File);
}
