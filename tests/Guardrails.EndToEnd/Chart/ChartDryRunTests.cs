using System.Text.Json.Nodes;
using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Helm;
using Guardrails.EndToEnd.Yaml;

namespace Guardrails.EndToEnd.Chart;

/// <summary>
/// Every object <c>helm template</c> renders, for every values scenario and both Helm majors, is accepted by the real
/// API server (<c>kubectl apply --dry-run=server</c>: defaulting, validation and admission, nothing stored). The
/// cert-manager and Prometheus Operator kinds have no CRDs here: for those only "no matches for kind" is expected.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class ChartDryRunTests(TestCluster cluster)
{
    public static TheoryData<int, string> Scenarios => ChartScenarios.All();

    [EndToEndTheory]
    [MemberData(nameof(Scenarios))]
    public async Task Every_rendered_object_is_accepted_by_the_API_server(int helm, string scenario)
    {
        var ns = await cluster.CreateNamespaceAsync($"chart-h{helm}", scope: null);
        var rendered = await HelmTool.Version(helm, cluster).TemplateAsync("guardrails", ns, ["--values", ChartScenarios.ValuesFile(scenario)]);
        var objects = YamlJson.Documents(rendered).OfType<JsonObject>().ToList();
        var file = Path.Combine(cluster.Root, $"chart-h{helm}-{scenario}.yaml");
        await File.WriteAllTextAsync(file, rendered);

        var applied = await cluster.Kubectl.RunAsync("apply", "--dry-run=server", "-f", file);

        objects.Should().NotBeEmpty();
        foreach (var obj in objects)
        {
            var kind = obj["kind"]!.GetValue<string>();
            var name = obj["metadata"]!["name"]!.GetValue<string>();
            if (ChartScenarios.CustomKinds.Contains(kind))
            {
                applied.Errors.Should().Contain($"no matches for kind \"{kind}\"", applied.Describe());
            }
            else
            {
                applied.Output.Split('\n').Should().Contain(
                    line => line.StartsWith(kind.ToLowerInvariant(), StringComparison.Ordinal) && line.EndsWith($"/{name} created (server dry run)", StringComparison.Ordinal),
                    $"the API server accepts {kind} {name}:\n{applied.Describe()}");
            }
        }

        var custom = objects.Count(o => ChartScenarios.CustomKinds.Contains(o["kind"]!.GetValue<string>()));
        var errors = applied.Errors.Split('\n').Where(l => l.Length > 0 && l != "ensure CRDs are installed first").ToList();
        errors.Where(l => !l.Contains("no matches for kind", StringComparison.Ordinal)).Should().BeEmpty($"only the objects of kinds without CRDs fail:\n{applied.Describe()}");
        errors.Should().HaveCount(custom, applied.Describe());
    }
}
