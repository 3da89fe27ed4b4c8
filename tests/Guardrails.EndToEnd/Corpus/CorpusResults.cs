using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Corpus;

/// <summary>The corpus written in both modes, once per run and concurrently; every corpus test reads it.</summary>
internal sealed record CorpusResults(CorpusModeResults Both, CorpusModeResults ValidatingOnly)
{
    public CorpusModeResults For(WebhookMode mode) => mode == WebhookMode.Both ? Both : ValidatingOnly;

    public static Task<CorpusResults> OfAsync(TestCluster cluster) => cluster.Once("fixture corpus", async () =>
    {
        var shared = await cluster.SharedAsync();
        var documents = FixtureCorpus.Instance.Documents;
        var both = CorpusRun.RunAsync(cluster, shared.Both, documents);
        var validating = CorpusRun.RunAsync(cluster, shared.ValidatingOnly, documents);
        var results = new CorpusResults(await both, await validating);
        TestCluster.Record($"fixture corpus: {documents.Count} documents, both webhooks in {results.Both.Elapsed.TotalSeconds:0.0} s, validating only in {results.ValidatingOnly.Elapsed.TotalSeconds:0.0} s (concurrently)");
        return results;
    });
}
