using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Corpus;

/// <summary>Theory rows of the corpus tests: every case or document, in each webhook mode.</summary>
internal static class CorpusData
{
    public static readonly WebhookMode[] Modes = [WebhookMode.Both, WebhookMode.ValidatingOnly];

    /// <summary>
    /// Every case in each mode, but those that stand objects beside their documents (<c>objects:</c>): the corpus writes
    /// each document alone in a namespace of its own, so their autoscalers are not in the cluster and the expectation
    /// does not hold there. Their documents are still written and compared with check (each alone, as check judges them
    /// there); the webhook's tests (AutoscaledAdmissionTests) judge workloads beside autoscalers from a list and watch.
    /// </summary>
    public static TheoryData<WebhookMode, string> Cases()
    {
        var data = new TheoryData<WebhookMode, string>();
        foreach (var mode in Modes)
        {
            foreach (var fixture in FixtureCorpus.Instance.Cases.Where(c => c.Objects.Count == 0))
            {
                data.Add(mode, fixture.Id);
            }
        }

        return data;
    }

    /// <summary>Documents that are written (not deleted) and that the API server accepts as valid.</summary>
    public static IEnumerable<CorpusDocument> Written() =>
        FixtureCorpus.Instance.Documents.Where(d => d.Operation != "DELETE" && !ApiRefusedDocuments.Contains(d));

    public static TheoryData<WebhookMode, string> WrittenDocuments()
    {
        var data = new TheoryData<WebhookMode, string>();
        foreach (var mode in Modes)
        {
            foreach (var document in Written())
            {
                data.Add(mode, document.Key);
            }
        }

        return data;
    }

    public static TheoryData<string> WrittenDocumentKeys()
    {
        var data = new TheoryData<string>();
        foreach (var document in Written())
        {
            data.Add(document.Key);
        }

        return data;
    }
}
