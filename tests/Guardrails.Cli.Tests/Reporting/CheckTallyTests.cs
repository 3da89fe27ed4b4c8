using System.Text;
using Guardrails.Cli.Checking;
using Guardrails.Cli.PolicySets;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;

namespace Guardrails.Cli.Tests.Reporting;

/// <summary>
/// The summary and exit code come from tallies (the streamed text report keeps no objects): they must count exactly
/// what counting the kept objects counts, at every --fail-on level, and tallies of parts must add up to the whole.
/// </summary>
public sealed class CheckTallyTests : IDisposable
{
    // A team's policy at action audit: every object without a team label gets an audit finding.
    private const string AuditPolicy = """
        apiVersion: guardrails.dev/v1
        kind: Policy
        metadata:
          name: team-label
        spec:
          title: Workloads name their team
          description: Audit only.
          category: reliability
          severity: low
          action: audit
          rules:
            - id: team-label
              title: metadata.labels.team is set
              description: Every object carries a team label.
              target: object
              schema:
                required: [metadata]
                properties:
                  metadata:
                    required: [labels]
                    properties:
                      labels:
                        required: [team]
              message: "{{kind}} {{metadata.name}} has no team label"
              remediation: Add metadata.labels.team.
        """;

    private const string Unjudgeable = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: odd, namespace: shop}\nspec: \"x\"\n";

    private readonly ReportFixture _fixture = new();

    [Theory]
    [InlineData(PolicyAction.Deny)]
    [InlineData(PolicyAction.Warn)]
    [InlineData(PolicyAction.Audit)]
    public void The_summary_counts_what_the_objects_hold_at_every_fail_on_level(PolicyAction failOn)
    {
        var report = Check(failOn);

        var expected = CountObjects(report, failOn);

        report.Summary.Should().Be(expected);
        expected.Should().Match<CheckSummary>(s => s.Denied > 0 && s.Warned > 0 && s.Passed > 0 && s.Errored > 0 && s.Skipped > 0 && s.InputProblems > 0 && s.AuditViolations > 0, "every count is exercised");
    }

    [Fact]
    public void Fail_on_levels_count_different_objects()
    {
        var report = Check(PolicyAction.Deny);
        var tally = report.Files.Select(CheckTally.Of).Aggregate(CheckTally.None, (sum, one) => sum.Add(one));

        tally.PassedWithAudit.Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(tally.Passed);
        tally.FailingObjects(PolicyAction.Deny).Should().Be(tally.Errored + tally.Denied);
        tally.FailingObjects(PolicyAction.Warn).Should().Be(tally.FailingObjects(PolicyAction.Deny) + tally.Warned);
        tally.FailingObjects(PolicyAction.Audit).Should().Be(tally.FailingObjects(PolicyAction.Warn) + tally.PassedWithAudit);
    }

    [Fact]
    public void Tallies_of_parts_add_up_to_the_tally_of_the_whole()
    {
        var report = Check(PolicyAction.Deny);
        var objects = report.Files.SelectMany(f => f.Objects).ToList();
        var skipped = report.Files.SelectMany(f => f.Skipped).ToList();
        var problems = report.Files.SelectMany(f => f.Problems).ToList();
        var whole = new FileReport("all", objects, skipped, problems);

        var parts = Enumerable.Range(0, objects.Count).Select(i => new FileReport("all", [objects[i]], i == 0 ? skipped : [], i == 1 ? problems : []));
        var added = parts.Aggregate(CheckTally.None, (sum, part) => sum.Add(CheckTally.Of(part)));

        added.Should().Be(CheckTally.Of(whole));
        added.Objects.Should().Be(objects.Count);
    }

    public void Dispose() => _fixture.Dispose();

    private CheckReport Check(PolicyAction failOn)
    {
        var policies = Path.Combine(_fixture.Root, "policies");
        Directory.CreateDirectory(policies);
        File.WriteAllText(Path.Combine(policies, "team-label.yaml"), AuditPolicy);
        var warnedOnly = ReportFixture.Good.Replace("name: api", "name: warned", StringComparison.Ordinal)
            .Replace("    securityContext: {allowPrivilegeEscalation: false}\n", string.Empty, StringComparison.Ordinal);
        var labelled = ReportFixture.Good.Replace("namespace: shop", "namespace: shop\n  labels: {team: shop}", StringComparison.Ordinal);
        var paths = new[]
        {
            _fixture.Write("good.yaml", ReportFixture.Good + "---\n" + labelled),
            _fixture.Write("bad.yaml", ReportFixture.Bad),
            _fixture.Write("warned.yaml", warnedOnly),
            _fixture.Write("mixed.yaml", ReportFixture.Mixed),
            _fixture.Write("odd.yaml", Unjudgeable),
            "missing.yaml",
        };
        var (set, exemptions, loadProblems) = PolicySelection.Load([PolicySelection.BuiltIn, policies], null);
        loadProblems.Should().BeEmpty();
        var runner = new CheckRunner(new PolicyEngine(set!, exemptions), "test", () => new MemoryStream(Encoding.UTF8.GetBytes(string.Empty)));
        return runner.Run(new CheckRequest(paths, "default", new Dictionary<string, Dictionary<string, string>>(), false, failOn));
    }

    // What the summary counted before tallies: every kept object and finding, one LINQ query each.
    private static CheckSummary CountObjects(CheckReport report, PolicyAction failOn)
    {
        var objects = report.Objects.ToList();
        var findings = objects.SelectMany(o => o.Findings).ToList();
        return new CheckSummary(
            report.Files.Count,
            objects.Count,
            objects.Count(o => o.Decision == ObjectDecision.Denied),
            objects.Count(o => o.Decision == ObjectDecision.Warned),
            objects.Count(o => o.Decision == ObjectDecision.Passed),
            objects.Count(o => o.Decision == ObjectDecision.Error),
            findings.Count(f => f.Violation.Action == PolicyAction.Deny),
            findings.Count(f => f.Violation.Action == PolicyAction.Warn),
            findings.Count(f => f.Violation.Action == PolicyAction.Audit),
            report.Files.Sum(f => f.Skipped.Count),
            report.AllProblems.Count(),
            objects.Count(o => o.Fails(failOn)));
    }
}
