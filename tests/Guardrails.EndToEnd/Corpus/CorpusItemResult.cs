using Guardrails.EndToEnd.Checking;

namespace Guardrails.EndToEnd.Corpus;

/// <summary>One document written through the API server in one webhook mode, and what check made of it and of the stored object.</summary>
internal sealed record CorpusItemResult(CorpusDocument Document, string Namespace, string ItemFile, ClusterOutcome Outcome, CheckObject Check, StoredState Stored, CheckObject? StoredCheck);
