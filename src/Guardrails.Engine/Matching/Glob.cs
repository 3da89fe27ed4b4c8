using System.IO.Enumeration;

namespace Guardrails.Engine.Matching;

/// <summary>Shell-style globs (<c>*</c>, <c>?</c>) over names, namespaces and images; case-sensitive like Kubernetes names.</summary>
internal static class Glob
{
    public static bool Matches(string pattern, string value) =>
        pattern == "*"
        // A pattern without a wildcard or an escape (kube-system) matches only itself: no need for the matcher.
        || (pattern.Length > 0 && value.Length > 0 && pattern.AsSpan().IndexOfAny('*', '?', '\\') < 0
            ? string.Equals(pattern, value, StringComparison.Ordinal)
            : FileSystemName.MatchesSimpleExpression(pattern, value, ignoreCase: false));

    /// <summary>True when <paramref name="patterns"/> is empty or any of them matches.</summary>
    public static bool MatchesAnyOrEmpty(string[] patterns, string value)
    {
        if (patterns.Length == 0)
        {
            return true;
        }

        foreach (var pattern in patterns)
        {
            if (Matches(pattern, value))
            {
                return true;
            }
        }

        return false;
    }
}
