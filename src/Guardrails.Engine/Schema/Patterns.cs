using System.Text.RegularExpressions;

namespace Guardrails.Engine.Schema;

/// <summary>Regular expressions for policies: compiled once, always run with a time limit.</summary>
internal static class Patterns
{
    /// <summary>How long one match may run before the value is declared unjudgeable, in milliseconds.</summary>
    public const int MatchTimeoutMilliseconds = 200;

    /// <summary>How long one match may run before the value is declared unjudgeable.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(MatchTimeoutMilliseconds);

    // JSON Schema patterns are ECMA-262: \d, \w and \s are ASCII classes there, not Unicode ones.
    public static bool TryCreate(string pattern, out PolicyRegex? regex, out string? error) =>
        PolicyRegex.TryCreate(pattern, MatchTimeout, out regex, out error);

    // A time-out must never read as "no match": under `not` that would turn into a pass.
    public static bool IsMatch(PolicyRegex regex, ReadOnlySpan<char> input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new SchemaEvaluationException($"the pattern {regex} took longer than {MatchTimeout.TotalMilliseconds:0} ms on a value of {input.Length} characters");
        }
    }
}
