namespace Guardrails.Schema;

/// <summary>
/// Patterns compiled ahead of time, by their text as a schema writes it. A pattern found here changes speed, never
/// meaning; any other pattern is interpreted, then compiled where the runtime can. Must be thread-safe.
/// </summary>
public interface IPatternCatalog
{
    /// <summary>The compiled form of exactly this pattern text, or null.</summary>
    PrecompiledPattern? Find(string pattern);
}
