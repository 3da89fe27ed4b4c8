using System.Text.Json.Nodes;
using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Helm;
using Guardrails.EndToEnd.Paths;
using Guardrails.EndToEnd.Yaml;

namespace Guardrails.EndToEnd.Chart;

/// <summary>
/// A real <c>helm install</c> and <c>helm uninstall</c> of the chart into the test API server, with Helm 4 and Helm 3.
/// No pod runs here, so the stored objects are checked. The installed webhook configurations point at the chart's
/// Service, which must never be called on this machine (there is no kube-proxy; the API server runs with
/// --enable-aggregator-routing, so such a call would fail on the missing endpoints and never leave loopback). What was
/// chosen: the suite's tests run one after the other, so nothing else writes while this test holds the release; its own
/// writes go only to kube-system and the release namespace, which the stored configurations must exclude. A create
/// there that the configurations did match would fail closed on the missing endpoints, so each successful create
/// proves the exclusion on the configuration the API server really uses; then the release is uninstalled.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class HelmInstallTests(TestCluster cluster)
{
    [EndToEndTheory]
    [InlineData(4)]
    [InlineData(3)]
    public async Task Install_and_uninstall_store_and_remove_the_chart_and_never_lock_kube_system_or_the_release_namespace(int helm)
    {
        var tool = HelmTool.Version(helm, cluster);
        var release = $"guardrails-h{helm}";
        var ns = release;
        await cluster.Api.CreateNamespaceAsync(ns, new Dictionary<string, string>());
        var installed = await tool.RunAsync(["install", release, RepoPaths.Chart, "--namespace", ns], cluster.KubeconfigPath);
        try
        {
            installed.ExitCode.Should().Be(0, installed.Describe());
            var manifest = await tool.RunAsync(["get", "manifest", release, "--namespace", ns], cluster.KubeconfigPath);
            var objects = YamlJson.Documents(manifest.Output).OfType<JsonObject>().ToList();
            objects.Select(o => o["kind"]!.GetValue<string>()).Should().Contain(["Deployment", "Service", "Secret", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]);
            foreach (var obj in objects)
            {
                var stored = await cluster.Api.GetAsync(await cluster.Api.ObjectPathAsync(obj));
                stored.Status.Should().Be(200, $"helm {helm} stored {obj["kind"]} {obj["metadata"]!["name"]}");
            }

            foreach (var kind in new[] { "mutatingwebhookconfigurations", "validatingwebhookconfigurations" })
            {
                var configuration = (await cluster.Api.GetAsync($"/apis/admissionregistration.k8s.io/v1/{kind}/{release}")).Json!;
                var webhook = configuration["webhooks"]![0]!;
                webhook["clientConfig"]!["service"]!["namespace"]!.GetValue<string>().Should().Be(ns);
                webhook["clientConfig"]!["caBundle"]!.GetValue<string>().Should().NotBeEmpty();
                var excluded = webhook["namespaceSelector"]!["matchExpressions"]!.AsArray()
                    .Single(e => e!["key"]!.GetValue<string>() == "kubernetes.io/metadata.name" && e["operator"]!.GetValue<string>() == "NotIn")!["values"]!.AsArray()
                    .Select(v => v!.GetValue<string>());
                excluded.Should().Contain(["kube-system", "kube-node-lease", ns], $"the stored {kind} excludes them");
            }

            foreach (var target in new[] { "kube-system", ns })
            {
                var name = $"{release}-unjudged";
                var created = await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Pod(target, name, image: "busybox"));
                created.ShouldSucceed();
                created.Warnings.Should().BeEmpty();
                await cluster.Api.DeleteAsync($"/api/v1/namespaces/{target}/pods/{name}");
            }
        }
        finally
        {
            var uninstalled = await tool.RunAsync(["uninstall", release, "--namespace", ns], cluster.KubeconfigPath);
            uninstalled.ExitCode.Should().Be(0, uninstalled.Describe());
        }

        (await cluster.Api.GetAsync($"/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/{release}")).Status.Should().Be(404);
        (await cluster.Api.GetAsync($"/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/{release}")).Status.Should().Be(404);
        (await cluster.Api.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/{release}")).Status.Should().Be(404);
    }
}
