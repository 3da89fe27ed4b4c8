using System.Text.RegularExpressions;

namespace Guardrails.Schema;

/// <summary>
/// How a schema's <c>pattern</c> runs, for regexes compiled ahead of time (<see cref="IPatternCatalog"/>) that must mean
/// and cost exactly what the validator's own would: the .NET text of the pattern (ECMA-262 rewritten), these options and
/// this time limit.
/// </summary>
public static class PatternSemantics
{
    /// <summary>
    /// JSON Schema patterns are ECMA-262: <c>\d</c> and <c>\w</c> are ASCII classes there, as with this option; what it
    /// still matches differently is rewritten first.
    /// </summary>
    public const RegexOptions Options = RegexOptions.ECMAScript;

    /// <summary>How long one match may run before the value is declared unjudgeable, in milliseconds.</summary>
    public const int MatchTimeoutMilliseconds = 200;
}
