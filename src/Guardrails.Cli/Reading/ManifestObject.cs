using System.Text.Json;
using Guardrails.Yaml;

namespace Guardrails.Cli.Reading;

/// <summary>A Kubernetes object found in an input: a document, or an item of a <c>kind: List</c>.</summary>
/// <param name="File">The input's display path.</param>
/// <param name="Document">Zero-based index of the document in the input.</param>
/// <param name="SourcePointer">Where the object sits in its document: empty, or <c>/items/3</c> for list items.</param>
/// <param name="Object">The object.</param>
/// <param name="Map">Source positions of the whole document.</param>
/// <param name="Position">Where the object starts.</param>
/// <param name="ApiVersion">Its <c>apiVersion</c>.</param>
/// <param name="Kind">Its <c>kind</c>.</param>
/// <param name="Namespace">Its <c>metadata.namespace</c>, when set.</param>
/// <param name="Name">Its <c>metadata.name</c> (or <c>generateName</c>), or empty.</param>
internal sealed record ManifestObject(
    string File,
    int Document,
    string SourcePointer,
    JsonElement Object,
    SourceMap Map,
    SourcePosition Position,
    string ApiVersion,
    string Kind,
    string? Namespace,
    string Name)
{
    /// <summary>Where a field of this object stands in the source, or its nearest existing parent.</summary>
    public SourcePosition PositionOf(string pointer) => Map.Find(SourcePointer + pointer) ?? Position;
}

/// <summary>A document that is not a Kubernetes object, reported rather than dropped.</summary>
/// <param name="File">The input's display path.</param>
/// <param name="Position">Where it starts.</param>
/// <param name="Reason">Why it was skipped.</param>
internal sealed record SkippedDocument(string File, SourcePosition Position, string Reason);

/// <summary>Everything read from one input.</summary>
internal sealed record ManifestFile(string File, IReadOnlyList<ManifestObject> Objects, IReadOnlyList<SkippedDocument> Skipped, IReadOnlyList<InputProblem> Problems);
