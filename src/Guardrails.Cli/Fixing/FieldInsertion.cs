using Guardrails.Schema;
using System.Text.Json.Nodes;

namespace Guardrails.Cli.Fixing;

/// <summary>
/// A member a fix adds to a mapping that exists in the file: the mapping's place in its document, the member's name and
/// its whole value (fields that later operations of the same patch set inside it are merged in).
/// </summary>
/// <param name="Parent">Tokens of the existing mapping, from the document's root (list items included).</param>
/// <param name="Key">The member added, absent or null in the file.</param>
/// <param name="Value">Its value.</param>
internal sealed record FieldInsertion(IReadOnlyList<string> Parent, string Key, JsonNode? Value)
{
    /// <summary>The member's pointer in its document.</summary>
    public string Pointer => JsonPointer.Build([.. Parent, Key]);
}
