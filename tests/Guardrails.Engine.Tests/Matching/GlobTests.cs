using System.IO.Enumeration;
using Guardrails.Engine.Matching;

namespace Guardrails.Engine.Tests.Matching;

public sealed class GlobTests
{
    private static readonly string[] Texts =
    [
        "", "*", "?", "\\", "\\*", "a", "A", "kube-system", "kube-systen", "kube-system ", "KUBE-SYSTEM", "kube-sys*", "kube-?ystem", "*-system",
        "default", "defaul", "defaults", "team-a", "team-b", "é", "e\u0301", "ß", "ss", "ſ", "s", "K", "\u212A", "a.b", "a\\b", "a/b", ".", "..",
    ];

    [Fact]
    public void A_pattern_matches_as_the_file_system_matcher_does()
    {
        foreach (var pattern in Texts)
        {
            foreach (var value in Texts)
            {
                Glob.Matches(pattern, value).Should().Be(pattern == "*" || FileSystemName.MatchesSimpleExpression(pattern, value, ignoreCase: false), $"'{pattern}' against '{value}'");
            }
        }
    }

    [Fact]
    public void A_set_matches_a_value_when_empty_or_when_one_of_its_globs_matches_it()
    {
        foreach (var value in Texts)
        {
            new GlobSet(null).MatchesAnyOrEmpty(value).Should().BeTrue();
            foreach (var first in Texts)
            {
                foreach (var second in (string[])["kube-system", "team-?", "\\*"])
                {
                    new GlobSet([first, second]).MatchesAnyOrEmpty(value).Should().Be(Glob.Matches(first, value) || Glob.Matches(second, value), $"['{first}', '{second}'] against '{value}'");
                }
            }
        }
    }
}
