using Guardrails.EndToEnd.Checking;
using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Corpus;

/// <summary>
/// What the API server stored: every admitted object, read back, passes <c>guardrails check</c> with no deny finding (and,
/// after the mutating webhook, asks for no further patch); a refused write stored nothing.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class StoredObjectTests(TestCluster cluster)
{
    public static TheoryData<WebhookMode, string> Documents => CorpusData.WrittenDocuments();

    [EndToEndTheory]
    [MemberData(nameof(Documents))]
    public async Task The_stored_object_passes_check(WebhookMode mode, string document)
    {
        var item = (await CorpusResults.OfAsync(cluster)).For(mode)[document];

        if (!item.Stored.Admitted)
        {
            item.Stored.Unchanged.Should().BeTrue($"{item.Stored.Note}\n{item.Outcome.Describe()}");
            return;
        }

        var stored = item.StoredCheck!;
        var because = $"the object stored in {item.Namespace} ({item.Stored.File}):\n{stored.Describe()}\n\n{item.Outcome.Describe()}";
        var judged = stored.Violations.Where(item.Document.Judges).ToList();
        stored.Errors.Should().BeEmpty(because);
        judged.Where(v => v.Action == "deny").Should().BeEmpty(because);
        if (mode == WebhookMode.Both)
        {
            judged.Where(FindingComparison.IsPatched).Should().BeEmpty("the mutating webhook's patch converges: " + because);
        }
    }
}
