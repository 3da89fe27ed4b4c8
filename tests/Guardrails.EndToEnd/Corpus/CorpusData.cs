using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Corpus;

/// <summary>Theory rows of the corpus tests: every case or document, in each webhook mode.</summary>
internal static class CorpusData
{
    public static readonly WebhookMode[] Modes = [WebhookMode.Both, WebhookMode.ValidatingOnly];

    public static TheoryData<WebhookMode, string> Cases()
    {
        var data = new TheoryData<WebhookMode, string>();
        foreach (var mode in Modes)
        {
            foreach (var fixture in FixtureCorpus.Instance.Cases)
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
