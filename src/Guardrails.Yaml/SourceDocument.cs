using System.Text.Json;

namespace Guardrails.Yaml;

/// <summary>One YAML or JSON document read from a source, as JSON, with the positions of its values.</summary>
/// <param name="Index">Zero-based index of the document in its source.</param>
/// <param name="Start">Where the document starts.</param>
/// <param name="Root">The document as JSON; <c>null</c> for an empty document or when <paramref name="Error"/> is set.</param>
/// <param name="Map">Positions of the document's values by JSON Pointer.</param>
/// <param name="Error">Why the document could not be read, if it could not.</param>
public sealed record SourceDocument(int Index, SourcePosition Start, JsonElement? Root, SourceMap Map, DocumentError? Error)
{
    /// <summary>True when the document held no content (only comments or white space).</summary>
    public bool IsEmpty => Error is null && Root is null;
}
