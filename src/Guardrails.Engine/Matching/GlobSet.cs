namespace Guardrails.Engine.Matching;

/// <summary>
/// Globs (<see cref="Glob"/>) that a value may match any of, each told at construction whether it is a plain name
/// (<c>kube-system</c>): a match asked on every evaluation by every policy compares those as strings, without looking
/// for wildcards again. Immutable and thread-safe.
/// </summary>
internal sealed class GlobSet
{
    private readonly string[] _patterns;
    private readonly bool[] _plain;

    public GlobSet(IEnumerable<string>? patterns)
    {
        _patterns = [.. patterns ?? []];
        _plain = [.. _patterns.Select(Glob.IsPlain)];
    }

    /// <summary>Whether the set has no glob.</summary>
    public bool IsEmpty => _patterns.Length == 0;

    /// <summary>True when the set is empty or <paramref name="value"/> matches one of its globs.</summary>
    public bool MatchesAnyOrEmpty(string value)
    {
        if (_patterns.Length == 0)
        {
            return true;
        }

        for (var i = 0; i < _patterns.Length; i++)
        {
            if (_plain[i] && value.Length > 0 ? string.Equals(_patterns[i], value, StringComparison.Ordinal) : Glob.Matches(_patterns[i], value))
            {
                return true;
            }
        }

        return false;
    }
}
