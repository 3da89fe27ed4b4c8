namespace Guardrails.Yaml;

/// <summary>
/// Bounds that keep hostile YAML (alias bombs, absurd nesting, huge documents) within bounded time and memory.
/// </summary>
public sealed record YamlReadLimits
{
    /// <summary>Deepest nesting of mappings and sequences accepted in one document.</summary>
    public int MaxDepth { get; init; } = 100;

    /// <summary>Most JSON values one document may expand to, aliases counted at every use.</summary>
    public int MaxNodes { get; init; } = 1_000_000;

    /// <summary>Largest JSON text one document may expand to, in bytes.</summary>
    public int MaxJsonBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Longest source text of one document, in characters; longer documents are refused before parsing.</summary>
    public int MaxDocumentChars { get; init; } = 64 * 1024 * 1024;

    /// <summary>The limits used when none are given.</summary>
    public static YamlReadLimits Default { get; } = new();
}
