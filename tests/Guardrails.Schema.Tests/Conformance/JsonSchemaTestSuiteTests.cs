using System.Globalization;
using System.Text;

namespace Guardrails.Schema.Tests.Conformance;

/// <summary>
/// The official JSON Schema Test Suite (draft 2020-12, the files of the keywords the policy format accepts) against the
/// engine's validator and JsonSchema.Net. Every case where one of them does not do what the suite says is listed in
/// <c>json-schema-test-suite-limits.tsv</c> with its reason; a new disagreement, or a listed one that went away, fails.
/// </summary>
public sealed class JsonSchemaTestSuiteTests
{
    private static readonly string LimitsFile = Path.Combine(RepoPaths.Root, "tests", "Guardrails.Schema.Tests", "Conformance", "json-schema-test-suite-limits.tsv");

    [Fact]
    public void The_copied_files_are_complete()
    {
        SchemaSuiteCase.All.Select(c => c.File).Distinct().Should().HaveCount(42);
        SchemaSuiteCase.All.Should().HaveCount(283);
        SchemaSuiteCase.All.Sum(c => c.Tests.Count).Should().Be(1169);
    }

    [Fact]
    public void The_engine_validator_disagrees_only_where_listed() => Compare("guardrails", SchemaSuiteRun.Guardrails);

    [Fact]
    public void JsonSchema_Net_disagrees_only_where_listed() => Compare("jsonschema.net", SchemaSuiteRun.JsonSchemaNet);

    [Fact]
    public void Every_listed_limit_gives_its_reason() =>
        Limits().Should().OnlyContain(l => l.Reason.Length > 10);

    [Fact]
    public void The_engine_validator_never_accepts_what_the_suite_rejects_unless_listed_as_such()
    {
        // A wrong "valid" fails open: each one must say so ("fails open") in its reason.
        var failOpen = SchemaSuiteCase.All.SelectMany(SchemaSuiteRun.Guardrails).Where(r => r.Test is { Valid: false } && r.Outcome == SchemaSuiteRun.Wrong).Select(r => r.Key("guardrails"));
        var listed = Limits().Where(l => l.Reason.Contains("fails open", StringComparison.OrdinalIgnoreCase)).Select(l => l.Key);
        failOpen.Should().BeSubsetOf(listed);
    }

    private static void Compare(string validator, Func<SchemaSuiteCase, IEnumerable<SchemaSuiteResult>> run)
    {
        var actual = SchemaSuiteCase.All.SelectMany(run).ToDictionary(r => r.Key(validator), StringComparer.Ordinal);
        var listed = Limits().Where(l => l.Key.StartsWith(validator + "\t", StringComparison.Ordinal)).Select(l => l.Key).ToHashSet(StringComparer.Ordinal);

        var report = new StringBuilder();
        foreach (var key in actual.Keys.Except(listed).Order(StringComparer.Ordinal))
        {
            report.Append(CultureInfo.InvariantCulture, $"not listed: {key}\t{actual[key].Describe}\n");
        }

        foreach (var key in listed.Except(actual.Keys).Order(StringComparer.Ordinal))
        {
            report.Append(CultureInfo.InvariantCulture, $"listed, but no longer so: {key}\n");
        }

        report.ToString().Should().BeEmpty();
    }

    private static IEnumerable<SuiteLimit> Limits() =>
        File.ReadLines(LimitsFile)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(f => new SuiteLimit(string.Join('\t', f[..5]), f.Length > 5 ? f[5] : string.Empty));

    private sealed record SuiteLimit(string Key, string Reason);
}
