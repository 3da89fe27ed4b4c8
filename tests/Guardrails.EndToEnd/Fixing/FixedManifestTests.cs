using System.Text.Json.Nodes;
using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Fixing;

/// <summary>
/// <c>guardrails fix</c> against the cluster: a manifest it fixed, applied through the real API server with both of the
/// chart's webhooks on, is stored as written: the mutating webhook announces every field it sets as a warning, and it
/// has nothing left to set. The same manifest unfixed gets those warnings, so the comparison can fail.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class FixedManifestTests(TestCluster cluster)
{
    private const string Manifest = """
        # A service written without resources or a privilege setting.
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: NAME
          namespace: NAMESPACE
        spec:
          replicas: 2
          selector:
            matchLabels: {app: NAME}
          template:
            metadata:
              labels: {app: NAME}
            spec:
              securityContext: {runAsNonRoot: true, runAsUser: 1000}
              containers:
                - name: app
                  image: registry.example.com/app:1.2.3   # pinned
                  readinessProbe: {httpGet: {path: /ready, port: 8080}}
                  livenessProbe: {httpGet: {path: /live, port: 8080}}

        """;

    [EndToEndFact]
    public async Task A_fixed_manifest_is_stored_unchanged_by_the_mutating_webhook()
    {
        var registration = (await cluster.SharedAsync()).For(WebhookMode.Both);
        var namespaceName = await cluster.CreateNamespaceAsync("fix", registration);
        var folder = Directory.CreateDirectory(Path.Combine(cluster.Root, "fix-" + namespaceName)).FullName;
        var unfixed = Write(folder, "unfixed", namespaceName);
        var fixedFile = Write(folder, "fixed", namespaceName);

        var fix = await cluster.Guardrails.RunAsync(["fix", fixedFile]);
        fix.ExitCode.Should().Be(0, fix.Describe());
        var fixedText = await File.ReadAllTextAsync(fixedFile);
        fixedText.Should().NotBe(await File.ReadAllTextAsync(unfixed)).And.Contain("# pinned");

        var control = await cluster.Kubectl.RunAsync("apply", "-f", unfixed);
        control.ExitCode.Should().Be(0, control.Describe());
        control.Warnings.Should().Contain(w => w.Contains("] set ", StringComparison.Ordinal), "the mutating webhook announces what it sets on the unfixed manifest:\n" + control.Describe());

        var applied = await cluster.Kubectl.RunAsync("apply", "-f", fixedFile);
        applied.ExitCode.Should().Be(0, applied.Describe());
        applied.Warnings.Should().BeEmpty("the mutating webhook sets nothing on a fixed manifest, and nothing else is left:\n" + applied.Describe());

        var stored = await cluster.Kubectl.RunAsync("get", "-f", fixedFile, "-o", "json");
        stored.ExitCode.Should().Be(0, stored.Describe());
        var container = JsonNode.Parse(stored.Output)!["spec"]!["template"]!["spec"]!["containers"]![0]!;
        container["resources"]!.ToJsonString().Should().Be("""{"limits":{"cpu":"500m","memory":"256Mi"},"requests":{"cpu":"100m","memory":"128Mi"}}""");
        container["securityContext"]!.ToJsonString().Should().Be("""{"allowPrivilegeEscalation":false}""");
    }

    private static string Write(string folder, string name, string namespaceName)
    {
        var path = Path.Combine(folder, name + ".yaml");
        File.WriteAllText(path, Manifest.Replace("NAMESPACE", namespaceName, StringComparison.Ordinal).Replace("NAME", name, StringComparison.Ordinal));
        return path;
    }
}
