using System.Text.RegularExpressions;

namespace Guardrails.Schema;

/// <summary>Regular expressions for policies: compiled once, always run with a time limit.</summary>
internal static class Patterns
{
    /// <summary>How long one match may run before the value is declared unjudgeable, in milliseconds.</summary>
    public const int MatchTimeoutMilliseconds = PatternSemantics.MatchTimeoutMilliseconds;

    /// <summary>How long one match may run before the value is declared unjudgeable.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(MatchTimeoutMilliseconds);

    // JSON Schema patterns are ECMA-262: \d, \w and \s are ASCII classes there, not Unicode ones.
    public static bool TryCreate(string pattern, IPatternCatalog? precompiled, out PolicyRegex? regex, out string? error) =>
        PolicyRegex.TryCreate(pattern, MatchTimeout, precompiled, out regex, out error);

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

    // Within an evaluation that has a deadline, a match never runs past it: with less than the pattern's own limit
    // left, it runs under a shorter one, and running out of that is running out of the evaluation's time.
    public static bool IsMatch(PolicyRegex regex, ReadOnlySpan<char> input, ValidationContext context)
    {
        // A match that cannot come near a limit needs no look at the clock.
        if (regex.RunsUnlimited(input.Length) || context.Deadline.Remaining() is not { } left || left >= MatchTimeout)
        {
            return IsMatch(regex, input);
        }

        try
        {
            return regex.IsMatch(input, left);
        }
        catch (RegexMatchTimeoutException)
        {
            throw context.Deadline.Exceeded();
        }
    }
}
