using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Corpus;

/// <summary>Every document of the corpus, written in one webhook mode.</summary>
internal sealed record CorpusModeResults(WebhookMode Mode, IReadOnlyDictionary<string, CorpusItemResult> Items, TimeSpan Elapsed)
{
    public CorpusItemResult this[string key] => Items.TryGetValue(key, out var item) ? item : throw new KeyNotFoundException($"no corpus result for {key}");
}
