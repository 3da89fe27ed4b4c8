using System.Globalization;
using System.Text;

namespace Guardrails.Yaml.Tests.Conformance;

/// <summary>
/// The official YAML Test Suite (yaml-test-suite/, README there) against the reader, YamlDotNet's path and the fast
/// parser. Every case where one of them does not do what the suite says is listed in <c>yaml-test-suite-limits.tsv</c>
/// with its reason; a new disagreement, or a listed one that went away, fails.
/// </summary>
public sealed class YamlTestSuiteTests
{
    private static readonly string LimitsFile = Path.Combine(RepoPaths.Root, "tests", "Guardrails.Yaml.Tests", "Conformance", "yaml-test-suite-limits.tsv");

    [Fact]
    public void The_suite_is_complete()
    {
        YamlSuiteCase.All.Should().HaveCount(402);
        YamlSuiteCase.All.Count(c => c.IsError).Should().Be(94);
        YamlSuiteCase.All.Count(c => c.Json is not null).Should().Be(279);
    }

    [Fact]
    public void The_reader_disagrees_only_where_listed() => Compare("reader", YamlSuiteRun.Reader);

    [Fact]
    public void The_YamlDotNet_path_disagrees_only_where_listed() => Compare("yamldotnet", YamlSuiteRun.YamlDotNet);

    [Fact]
    public void The_fast_parser_disagrees_only_where_listed() => Compare("block", YamlSuiteRun.Block);

    [Fact]
    public void Every_listed_limit_gives_its_reason()
    {
        foreach (var limit in Limits())
        {
            limit.Reason.Should().NotBeNullOrWhiteSpace("{0} {1} needs a reason", limit.Case, limit.Parser);
            new[] { "reader", "yamldotnet", "block" }.Should().Contain(limit.Parser);
        }
    }

    [Fact]
    public void Nothing_reads_a_value_other_than_the_suite_says_or_throws_unless_listed_as_a_value_rule()
    {
        // A silent misreading is a bug; the only listed ones are YAML 1.1 scalar rules that kubectl applies too.
        Limits().Where(l => l.Outcome == YamlSuiteRun.ReadsDifferently).Should().OnlyContain(l => l.Reason.StartsWith("YAML 1.1", StringComparison.Ordinal));
        Limits().Should().NotContain(l => l.Outcome == YamlSuiteRun.Throws);
    }

    private static void Compare(string parser, Func<YamlSuiteCase, string> run)
    {
        var actual = YamlSuiteCase.All
            .Select(c => (c.Id, Outcome: run(c)))
            .Where(r => r.Outcome is not YamlSuiteRun.Agrees and not YamlSuiteRun.Declines)
            .Select(r => $"{r.Id}\t{parser}\t{r.Outcome}")
            .ToHashSet(StringComparer.Ordinal);
        var listed = Limits().Where(l => l.Parser == parser).Select(l => $"{l.Case}\t{l.Parser}\t{l.Outcome}").ToHashSet(StringComparer.Ordinal);

        var report = new StringBuilder();
        foreach (var line in actual.Except(listed).Order(StringComparer.Ordinal))
        {
            var suiteCase = YamlSuiteCase.All.First(c => c.Id == line.Split('\t')[0]);
            report.Append(CultureInfo.InvariantCulture, $"not listed: {line}\t(read: {YamlSuiteRun.Describe(suiteCase, parser != "yamldotnet")})\n");
        }

        foreach (var line in listed.Except(actual).Order(StringComparer.Ordinal))
        {
            report.Append(CultureInfo.InvariantCulture, $"listed, but no longer so: {line}\n");
        }

        report.ToString().Should().BeEmpty();
    }

    private static IEnumerable<SuiteLimit> Limits() =>
        File.ReadLines(LimitsFile)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(f => new SuiteLimit(f[0], f[1], f[2], f.Length > 3 ? f[3] : string.Empty));

    private sealed record SuiteLimit(string Case, string Parser, string Outcome, string Reason);
}
