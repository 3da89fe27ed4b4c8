using Guardrails.EndToEnd.Checking;
using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Examples;

/// <summary>Every file of examples/, created with kubectl through the chart's webhooks, against guardrails check on the same file.</summary>
[Collection(EndToEndSuite.Name)]
public sealed class ExampleTests(TestCluster cluster)
{
    public static TheoryData<WebhookMode, string> Examples()
    {
        var data = new TheoryData<WebhookMode, string>();
        foreach (var mode in new[] { WebhookMode.Both, WebhookMode.ValidatingOnly })
        {
            foreach (var file in ExampleRun.Files())
            {
                data.Add(mode, file);
            }
        }

        return data;
    }

    [EndToEndTheory]
    [MemberData(nameof(Examples))]
    public async Task The_cluster_and_check_agree_on_the_example(WebhookMode mode, string file)
    {
        var example = (await ExampleRun.OfAsync(cluster, mode))[file];

        var problems = FindingComparison.Differences(mode, example.Check, example.Outcome);

        problems.Should().BeEmpty(FindingComparison.Describe(problems, example.Check, example.Outcome));
        if (example.Outcome.Admitted && example.Stored is { } stored)
        {
            stored.Violations.Where(v => v.Action == "deny").Should().BeEmpty($"the stored object passes check:\n{stored.Describe()}");
        }
    }
}
