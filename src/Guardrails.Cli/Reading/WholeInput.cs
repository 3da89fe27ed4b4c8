using Guardrails.Yaml;

namespace Guardrails.Cli.Reading;

/// <summary>One input read whole: its text, its documents with positions, and the manifests in them.</summary>
/// <param name="Text">The decoded text.</param>
/// <param name="Documents">Every document, numbered from 0.</param>
/// <param name="Manifest">The objects, skipped documents and problems of the documents.</param>
internal sealed record WholeInput(InputText Text, IReadOnlyList<SourceDocument> Documents, ManifestFile Manifest);
