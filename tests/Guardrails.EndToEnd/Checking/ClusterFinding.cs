using System.Text.RegularExpressions;

namespace Guardrails.EndToEnd.Checking;

/// <summary>
/// A finding as the cluster showed it: a <c>[policy/rule] message</c> part of the guardrails denial, or an admission
/// warning (<c>[policy/rule] text</c>, <c>[policy] text</c> when the rule is named like its policy, cut to a line with
/// "…").
/// </summary>
internal sealed partial record ClusterFinding(string Policy, string Rule, string Text, bool Clipped)
{
    public string Tag => $"{Policy}/{Rule}";

    /// <summary>The deny findings of a guardrails denial, the "(fix: ...)" and "(not fixed by the mutating webhook: ...)" of each removed.</summary>
    public static IReadOnlyList<ClusterFinding> Denials(string denial)
    {
        var start = denial.IndexOf(": [", StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }

        return [.. DenialSeparator().Split(denial[(start + 2)..]).Select(part =>
        {
            var fix = part.IndexOf(" (fix: ", StringComparison.Ordinal);
            var withheld = part.IndexOf(" (not fixed by the mutating webhook: ", StringComparison.Ordinal);
            var end = new[] { fix, withheld }.Where(i => i >= 0).DefaultIfEmpty(part.Length).Min();
            return Parse(part[..end]) ?? new ClusterFinding("?", "?", part, false);
        })];
    }

    /// <summary>A warning's finding, or null when the warning names none (for example guardrails' "N more warnings").</summary>
    public static ClusterFinding? Warning(string warning) => Parse(warning);

    /// <summary>
    /// Whether guardrails sent the warning (a tag, or its own "guardrails: ..." line). The API server adds warnings of
    /// its own about some manifests (a fractional memory quantity, overlapping projected paths): not findings.
    /// </summary>
    public static bool FromGuardrails(string warning) => warning.StartsWith('[') || warning.StartsWith("guardrails", StringComparison.Ordinal);

    /// <summary>Whether this shows <paramref name="message"/> of <paramref name="tag"/> (see <see cref="MessageText"/>).</summary>
    public bool Shows(string tag, string message) => Tag == tag && MessageText.Same(message, Text, Clipped);

    private static ClusterFinding? Parse(string text)
    {
        var match = Tagged().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var policy = match.Groups["policy"].Value;
        var rule = match.Groups["rule"].Success ? match.Groups["rule"].Value : policy;
        var body = match.Groups["text"].Value;
        return new ClusterFinding(policy, rule, body, body.EndsWith('…'));
    }

    [GeneratedRegex(@"; (?=\[[a-z0-9][a-z0-9.-]*(?:/[a-z0-9][a-z0-9.-]*)?\] )")]
    private static partial Regex DenialSeparator();

    [GeneratedRegex(@"^\[(?<policy>[a-z0-9][a-z0-9.-]*)(?:/(?<rule>[a-z0-9][a-z0-9.-]*))?\] (?<text>.*)$", RegexOptions.Singleline)]
    private static partial Regex Tagged();
}
