using Guardrails.EndToEnd.Checking;
using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Paths;

/// <summary>
/// Exemptions in the cluster: an annotation counts only where an entry of serve's exemptions file allows it, with the
/// same verdict as check given the same file; and an exemptions file edited while serve runs takes effect without a
/// restart, both ways.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class ExemptionTests(TestCluster cluster)
{
    private const string Header = """
        apiVersion: guardrails.dev/v1
        kind: Exemptions
        metadata: {name: e2e}
        spec:
          exemptions:
            - policy: image-tag
              rule: pinned-tag
              namespaces: ["annotated-*"]
              allowAnnotation: true
              owner: platform-team
              reason: vendor images are pinned by digest in the mirror
              expires: 2099-12-31

        """;

    private const string VendorEntry = """
            - policy: image-tag
              namespaces: ["legacy-*"]
              names: [vendor]
              owner: platform-team
              reason: the vendor ships no tags
              expires: 2099-12-31

        """;

    [EndToEndFact]
    public async Task An_exemption_annotation_counts_only_where_an_entry_allows_it_as_in_check()
    {
        var (registration, file) = await StartAsync("annotations");
        var allowed = await cluster.CreateNamespaceAsync("annotated", registration);
        var other = await cluster.CreateNamespaceAsync("other", registration);

        foreach (var (ns, admitted) in new[] { (allowed, true), (other, false) })
        {
            var manifest = Path.Combine(cluster.Root, $"exempt-{ns}.yaml");
            await File.WriteAllTextAsync(manifest, Annotated(Manifests.Deployment(ns, "vendor", image: "registry.example.com/vendor/agent")));
            var created = await cluster.Kubectl.RunAsync("create", "-f", manifest);
            var check = (await CheckReport.RunAsync(cluster.Guardrails, ["--exemptions", file, manifest])).Objects.Single();

            (created.ExitCode == 0).Should().Be(admitted, created.Describe());
            var problems = FindingComparison.Differences(WebhookMode.Both, check, created.Outcome("create " + manifest));
            problems.Should().BeEmpty(FindingComparison.Describe(problems, check, created.Outcome("create " + manifest)));
        }
    }

    [EndToEndFact]
    public async Task An_exemptions_file_edited_while_serve_runs_takes_effect_both_ways()
    {
        var (registration, file) = await StartAsync("reload");
        var ns = await cluster.CreateNamespaceAsync("legacy", registration);
        var vendor = Manifests.Deployment(ns, "vendor", image: "registry.example.com/vendor/agent");
        (await cluster.Kubectl.RunAsync(["create", "--dry-run=server", "-f", "-"], vendor)).ShouldBeDeniedBy("image-tag/pinned-tag");

        await WriteAtomicallyAsync(file, Header + VendorEntry);
        await Eventually.ReturnsAsync(() => cluster.Kubectl.RunAsync(["create", "--dry-run=server", "-f", "-"], vendor), r => r.ExitCode == 0, TimeSpan.FromSeconds(20), "the added exemption applies");

        await File.WriteAllTextAsync(file, Header);
        var denied = await Eventually.ReturnsAsync(() => cluster.Kubectl.RunAsync(["create", "--dry-run=server", "-f", "-"], vendor), r => r.ExitCode != 0, TimeSpan.FromSeconds(20), "the removed exemption no longer applies");
        denied.ShouldBeDeniedBy("image-tag/pinned-tag");
    }

    private async Task<(WebhookRegistration Registration, string File)> StartAsync(string id)
    {
        var file = Path.Combine(cluster.Root, $"exemptions-{id}.yaml");
        await File.WriteAllTextAsync(file, Header);
        var serve = await cluster.StartServeAsync("exemptions-" + id, new ServeSettings { Exemptions = file });
        return (await cluster.RegisterAsync("exemptions-" + id, WebhookMode.Both, serve), file);
    }

    // The pod template carries the annotation, as docs/policy-authoring.md advises.
    private static string Annotated(string deployment) => deployment.Replace(
        "      labels: {app: vendor}\n",
        "      labels: {app: vendor}\n      annotations: {guardrails.dev/exempt.image-tag.pinned-tag: \"pinned by digest in the mirror\"}\n",
        StringComparison.Ordinal);

    // As a ConfigMap update lands: the new content appears at once under the watched name.
    private static async Task WriteAtomicallyAsync(string file, string text)
    {
        await File.WriteAllTextAsync(file + ".new", text);
        File.Move(file + ".new", file, overwrite: true);
    }
}
