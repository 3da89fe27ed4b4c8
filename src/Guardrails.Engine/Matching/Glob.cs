using System.IO.Enumeration;

namespace Guardrails.Engine.Matching;

/// <summary>Shell-style globs (<c>*</c>, <c>?</c>) over names, namespaces and images; case-sensitive like Kubernetes names.</summary>
internal static class Glob
{
    public static bool Matches(string pattern, string value) =>
        pattern == "*"
        // A pattern without a wildcard or an escape (kube-system) matches only itself: no need for the matcher.
        || (value.Length > 0 && IsPlain(pattern)
            ? string.Equals(pattern, value, StringComparison.Ordinal)
            : FileSystemName.MatchesSimpleExpression(pattern, value, ignoreCase: false));

    /// <summary>Whether <paramref name="pattern"/> is a plain name: not empty, no wildcard, no escape.</summary>
    public static bool IsPlain(string pattern) => pattern.Length > 0 && pattern.AsSpan().IndexOfAny('*', '?', '\\') < 0;
}
