using Guardrails.Yaml;

namespace Guardrails.Engine.Tests.Conformance;

/// <summary>
/// Runs the built-in pack over the test resources of the public Kyverno policies (kyverno/) and compares our
/// verdict with Kyverno's, requirement by requirement. Where they differ on purpose, differences.tsv says so
/// and docs/conformance.md explains why; a listed difference that disappears fails as well, so that the
/// documentation stays true. See docs/conformance.md.
/// </summary>
public sealed class KyvernoConformanceTests
{
    /// <summary>Every row of verdicts.tsv whose Kyverno policy we map onto the pack.</summary>
    public static TheoryData<string, string, int, string> ComparedRows()
    {
        var data = new TheoryData<string, string, int, string>();
        foreach (var row in KyvernoConformance.Verdicts.Where(v => KyvernoConformance.Mapping.ContainsKey(v.KyvernoPolicy)))
        {
            data.Add(row.KyvernoPolicy, row.File, row.Document, $"{row.Kind}/{row.Name}");
        }

        return data;
    }

    /// <summary>Every YAML document verdicts.tsv refers to, once.</summary>
    public static TheoryData<string, int, string, string> ReferencedDocuments()
    {
        var data = new TheoryData<string, int, string, string>();
        foreach (var row in KyvernoConformance.Verdicts.DistinctBy(v => (v.File, v.Document)))
        {
            data.Add(row.File, row.Document, row.Kind, row.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ComparedRows))]
    public void Our_verdict_is_kyvernos_unless_differences_tsv_lists_the_row(string kyvernoPolicy, string file, int document, string subject)
    {
        var kyverno = KyvernoConformance.Verdict(file, document, kyvernoPolicy);
        var difference = KyvernoConformance.Difference(file, document, kyvernoPolicy);

        var result = KyvernoConformance.Evaluate(file, document);
        var ours = KyvernoConformance.OurVerdict(kyvernoPolicy, result);

        result.Errors.Should().BeEmpty();
        result.Assumptions.Should().BeEmpty("the namespace labels are given");
        var violations = string.Join("; ", result.Violations
            .Where(v => KyvernoConformance.Mapping[kyvernoPolicy].Contains($"{v.PolicyId}/{v.RuleId}", StringComparer.Ordinal))
            .Select(v => $"{v.PolicyId}/{v.RuleId} at {v.Pointer}"));
        if (difference is null)
        {
            ours.Should().Be(kyverno.Verdict,
                "{0} says {1} for {2} ({3} document {4}) and differences.tsv lists no difference; our mapped rules {5}: [{6}]",
                kyvernoPolicy, kyverno.Verdict, subject, file, document, string.Join(", ", KyvernoConformance.Mapping[kyvernoPolicy]), violations);
        }
        else
        {
            ours.Should().Be(difference.OurVerdict,
                "differences.tsv lists {0} ({1} document {2}) as a difference from {3} ({4}); if it is gone, remove the row and update docs/conformance.md. Violations: [{5}]",
                subject, file, document, kyvernoPolicy, difference.Reason, violations);
        }
    }

    [Theory]
    [MemberData(nameof(ReferencedDocuments))]
    public void Every_referenced_document_parses_and_is_the_object_named(string file, int document, string kind, string name)
    {
        var source = KyvernoConformance.Document(file, document);

        source.Should().NotBeNull("{0} must have a document {1}", file, document);
        source!.Error.Should().BeNull();
        source.Root.Should().NotBeNull();
        var root = source.Root!.Value;
        KyvernoConformance.StringField(root, "kind").Should().Be(kind);
        KyvernoConformance.StringField(root, "metadata", "name").Should().Be(name);
    }

    [Fact]
    public void The_fixture_files_parse_whole()
    {
        var files = Directory.EnumerateFiles(Path.Combine(KyvernoConformance.Folder, "kyverno"), "*.yaml", SearchOption.AllDirectories).ToList();

        files.Should().HaveCountGreaterThan(100);
        foreach (var file in files)
        {
            var errors = YamlDocumentReader.Read(File.ReadAllText(file)).Where(d => d.Error is not null).Select(d => $"document {d.Index}: {d.Error}");
            errors.Should().BeEmpty("{0} is copied unchanged from kyverno/policies and must parse", Path.GetRelativePath(KyvernoConformance.Folder, file));
        }
    }

    [Fact]
    public void Every_kyverno_policy_is_compared_or_explicitly_not_covered()
    {
        var inData = KyvernoConformance.Verdicts.Select(v => v.KyvernoPolicy).ToHashSet(StringComparer.Ordinal);

        KyvernoConformance.Mapping.Keys.Should().NotIntersectWith(KyvernoConformance.NotCovered.Keys);
        inData.Should().BeEquivalentTo(KyvernoConformance.Mapping.Keys.Concat(KyvernoConformance.NotCovered.Keys),
            "every Kyverno policy in verdicts.tsv is either mapped onto our rules or listed as not covered, with a reason");
        KyvernoConformance.NotCovered.Values.Should().OnlyContain(reason => reason.Length > 0);

        // The rows that are not compared, explicitly: the Kyverno policies we have no requirement for.
        KyvernoConformance.Verdicts.Where(v => KyvernoConformance.NotCovered.ContainsKey(v.KyvernoPolicy))
            .GroupBy(v => v.KyvernoPolicy).ToDictionary(g => g.Key, g => g.Count())
            .Should().BeEquivalentTo(new Dictionary<string, int> { ["imagepullpolicy-always"] = 18 });
    }

    [Fact]
    public void Every_mapped_rule_exists_in_the_built_in_pack()
    {
        var policies = KyvernoConformance.Engine.Policies;

        foreach (var rule in KyvernoConformance.Mapping.Values.SelectMany(r => r).Distinct(StringComparer.Ordinal))
        {
            var (policyId, ruleId) = (rule.Split('/')[0], rule.Split('/')[1]);
            var policy = policies.Find(policyId);
            policy.Should().NotBeNull("the mapping names policy {0}", policyId);
            policy!.Rules.Select(r => r.Id).Should().Contain(ruleId, "the mapping names rule {0}", rule);
        }
    }

    [Fact]
    public void Every_listed_difference_is_a_compared_row_with_a_documented_reason()
    {
        var differences = KyvernoConformance.Differences;

        differences.Should().NotBeEmpty();
        differences.Select(d => d.Key).Should().OnlyHaveUniqueItems();
        foreach (var difference in differences)
        {
            var row = KyvernoConformance.Verdicts.SingleOrDefault(v => v.Key == difference.Key);
            row.Should().NotBeNull("differences.tsv row {0} must be a row of verdicts.tsv", difference);
            KyvernoConformance.Mapping.Should().ContainKey(difference.KyvernoPolicy);
            (difference.Kind, difference.Name, difference.KyvernoVerdict).Should().Be((row!.Kind, row.Name, row.Verdict));
            difference.OurVerdict.Should().BeOneOf(KyvernoConformance.Pass, KyvernoConformance.Fail).And.NotBe(row.Verdict);
        }
    }

    [Fact]
    public void The_documentation_explains_every_reason_and_lists_exactly_its_rows()
    {
        var sections = ReasonSections(File.ReadAllLines(KyvernoConformance.DocumentPath));
        var reasons = KyvernoConformance.Differences.GroupBy(d => d.Reason, StringComparer.Ordinal).ToList();

        sections.Keys.Should().BeEquivalentTo(reasons.Select(r => $"### `{r.Key}` ({r.Count()} {(r.Count() == 1 ? "row" : "rows")})"),
            "docs/conformance.md has one section per reason of differences.tsv, headed with its row count, and no other");
        foreach (var reason in reasons)
        {
            var heading = $"### `{reason.Key}` ({reason.Count()} {(reason.Count() == 1 ? "row" : "rows")})";
            sections[heading].Where(l => l.StartsWith("| `kyverno/", StringComparison.Ordinal))
                .Should().BeEquivalentTo(reason.Select(d => $"| `{d.File}` | {d.Document} | {d.Kind} `{d.Name}` | {d.KyvernoVerdict} | {d.OurVerdict} |"),
                    "the section for {0} in docs/conformance.md lists exactly the rows differences.tsv gives that reason", reason.Key);
        }
    }

    [Fact]
    public void The_summary_table_in_the_documentation_matches_the_data()
    {
        var documentation = File.ReadAllLines(KyvernoConformance.DocumentPath);

        foreach (var policy in KyvernoConformance.Verdicts.GroupBy(v => v.KyvernoPolicy, StringComparer.Ordinal))
        {
            var rows = policy.Count();
            var differ = KyvernoConformance.Differences.Count(d => d.KyvernoPolicy == policy.Key);
            var counts = KyvernoConformance.Mapping.ContainsKey(policy.Key) ? $"| {rows} | {rows - differ} | {differ} |" : $"| {rows} | - | - |";
            documentation.Should().ContainSingle(l => l.StartsWith($"| `{policy.Key}` |", StringComparison.Ordinal) && l.EndsWith(counts, StringComparison.Ordinal),
                "the summary table of docs/conformance.md must have a row for {0} ending in {1}", policy.Key, counts);
        }

        var compared = KyvernoConformance.Verdicts.Count(v => KyvernoConformance.Mapping.ContainsKey(v.KyvernoPolicy));
        var differences = KyvernoConformance.Differences.Count;
        var reasons = KyvernoConformance.Differences.Select(d => d.Reason).Distinct(StringComparer.Ordinal).Count();
        var total = $"In all: {KyvernoConformance.Verdicts.Count} rows, {compared} compared, **{compared - differences} agree, {differences} differ** "
            + $"({reasons} reasons, below), {KyvernoConformance.Verdicts.Count - compared} not compared.";
        documentation.Should().Contain(total);
    }

    /// <summary>The "### `reason`" sections of the documentation, each with its lines up to the next heading.</summary>
    private static Dictionary<string, List<string>> ReasonSections(string[] lines)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in lines)
        {
            if (line.StartsWith('#'))
            {
                current = line.StartsWith("### `", StringComparison.Ordinal) ? (sections[line] = []) : null;
                continue;
            }

            current?.Add(line);
        }

        return sections;
    }
}
