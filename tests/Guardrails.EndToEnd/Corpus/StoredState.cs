namespace Guardrails.EndToEnd.Corpus;

/// <summary>
/// What the API server holds after the write: for an admitted write, the object as stored (a file for
/// <c>guardrails check</c>); for a refused one, whether anything changed.
/// </summary>
internal sealed record StoredState(bool Admitted, string? File, bool Unchanged, string Note);
