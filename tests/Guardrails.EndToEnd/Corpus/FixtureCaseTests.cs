using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Corpus;

/// <summary>Every case of every policy's tests/cases.yaml, written through the API server with the chart's webhooks.</summary>
[Collection(EndToEndSuite.Name)]
public sealed class FixtureCaseTests(TestCluster cluster)
{
    public static TheoryData<WebhookMode, string> Cases => CorpusData.Cases();

    [EndToEndTheory]
    [MemberData(nameof(Cases))]
    public async Task The_cluster_judges_the_fixture_as_its_case_expects(WebhookMode mode, string fixtureCase)
    {
        var corpus = (await CorpusResults.OfAsync(cluster)).For(mode);
        var fixture = FixtureCorpus.Instance.CasesById[fixtureCase];

        foreach (var key in fixture.Documents)
        {
            var item = corpus[key];
            var problems = CaseComparison.Differences(mode, fixture, item);
            problems.Should().BeEmpty(CaseComparison.Describe(fixture, item, problems));
        }
    }
}
