using System.Globalization;
using Guardrails.EndToEnd.Checking;
using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Webhook;
using Guardrails.EndToEnd.Yaml;

namespace Guardrails.EndToEnd.Examples;

/// <summary>
/// The README's flow with every file of examples/, in one webhook mode: <c>kubectl create -f examples/ns.yaml</c>, then
/// each other file, each in the test's own namespaces (payments-prod and default renamed, nothing else changed). check
/// reads the same files (ns.yaml gives it the namespace's labels, as the README runs it) and the stored objects.
/// </summary>
internal static class ExampleRun
{
    public static Task<IReadOnlyDictionary<string, ExampleResult>> OfAsync(TestCluster cluster, WebhookMode mode) =>
        cluster.Once("examples " + mode, () => RunAsync(cluster, mode));

    public static IEnumerable<string> Files() =>
        Directory.GetFiles(RepoPaths.Examples, "*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    private static async Task<IReadOnlyDictionary<string, ExampleResult>> RunAsync(TestCluster cluster, WebhookMode mode)
    {
        var registration = (await cluster.SharedAsync()).For(mode);
        var letter = mode == WebhookMode.Both ? "b" : "v";
        var folder = Directory.CreateDirectory(Path.Combine(cluster.Root, "examples-" + letter, "files")).FullName;
        var storedFolder = Directory.CreateDirectory(Path.Combine(cluster.Root, "examples-" + letter, "stored")).FullName;
        var production = $"ex{letter}-payments-prod";
        var other = await cluster.CreateNamespaceAsync("ex" + letter + "-default", registration);
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["payments-prod"] = production, ["default"] = other };
        foreach (var file in Files())
        {
            var chunks = YamlChunks.Split(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Examples, file)))
                .Select(chunk => YamlChunks.IsEmpty(chunk) ? chunk : Rename(chunk, names));
            await File.WriteAllTextAsync(Path.Combine(folder, file), string.Concat(chunks));
        }

        var namespaceCreated = await cluster.Kubectl.RunAsync("create", "-f", Path.Combine(folder, "ns.yaml"));
        if (namespaceCreated.ExitCode != 0)
        {
            throw new InvalidOperationException("kubectl create -f examples/ns.yaml failed:\n" + namespaceCreated.Describe());
        }

        await cluster.Api.LabelNamespaceAsync(production, new Dictionary<string, string?> { [TestCluster.ScopeLabel] = registration.Id });
        await cluster.Api.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{production}/serviceaccounts", new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ServiceAccount",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "default" },
        });

        var outcomes = new Dictionary<string, ClusterOutcome>(StringComparer.Ordinal) { ["ns.yaml"] = namespaceCreated.Outcome() };
        var others = Files().Where(f => f != "ns.yaml").ToList();
        var created = await Task.WhenAll(others.Select(f => cluster.Kubectl.RunAsync("create", "-f", Path.Combine(folder, f))));
        for (var i = 0; i < others.Count; i++)
        {
            outcomes[others[i]] = created[i].Outcome();
            if (created[i].ExitCode == 0)
            {
                var stored = await cluster.Kubectl.RunAsync("get", "-f", Path.Combine(folder, others[i]), "-o", "json");
                await File.WriteAllTextAsync(Path.Combine(storedFolder, Path.ChangeExtension(others[i], ".json")), stored.Output);
            }
        }

        var namespaces = Path.Combine(storedFolder, "..", "ns.yaml");
        File.Copy(Path.Combine(folder, "ns.yaml"), namespaces, overwrite: true);
        var check = await CheckReport.RunAsync(cluster.Guardrails, [folder]);
        var storedCheck = await CheckReport.RunAsync(cluster.Guardrails, [storedFolder, namespaces]);
        return Files().ToDictionary(
            f => f,
            f => new ExampleResult(
                f,
                outcomes[f],
                check.In(Path.Combine(folder, f)).Single(),
                storedCheck.In(Path.Combine(storedFolder, Path.ChangeExtension(f, ".json"))).SingleOrDefault()),
            StringComparer.Ordinal);
    }

    private static string Rename(string chunk, Dictionary<string, string> names)
    {
        var obj = YamlJson.Documents(chunk).Single();
        if (obj["kind"]!.GetValue<string>() == "Namespace")
        {
            return YamlEdit.SetMetadata(chunk, "name", names[obj["metadata"]!["name"]!.GetValue<string>()]);
        }

        var ns = obj["metadata"]!["namespace"]?.GetValue<string>() ?? "default";
        return YamlEdit.SetMetadata(chunk, "namespace", names.TryGetValue(ns, out var renamed) ? renamed : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"an example in namespace {ns}: give it a test namespace")));
    }

    private static ClusterOutcome Outcome(this Kubernetes.KubectlResult result) => ClusterOutcome.FromKubectl("kubectl create", result);
}
