using Guardrails.EndToEnd.Checking;
using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Corpus;

/// <summary>
/// CI/cluster parity on the same YAML: <c>guardrails check --format json</c> and the API server with the chart's webhooks
/// reach the same decision and the same findings (see <see cref="FindingComparison"/>). A Pod that adds ephemeral
/// containers is compared on the findings about the ephemeral containers: the subresource judges those alone.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class ParityTests(TestCluster cluster)
{
    public static TheoryData<WebhookMode, string> Documents => CorpusData.WrittenDocuments();

    [EndToEndTheory]
    [MemberData(nameof(Documents))]
    public async Task Check_and_the_cluster_reach_the_same_verdict(WebhookMode mode, string document)
    {
        var item = (await CorpusResults.OfAsync(cluster)).For(mode)[document];
        var problems = FindingComparison.Differences(mode, item.Check, item.Outcome, item.Document.Judges);

        problems.Should().BeEmpty(FindingComparison.Describe(problems, item.Check, item.Outcome));
    }
}
