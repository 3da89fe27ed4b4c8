using System.Text;
using Guardrails.Cli.Checking;
using Guardrails.Cli.Commands;
using Guardrails.Cli.PolicySets;
using Guardrails.Cli.Reporting;
using Guardrails.Cli.Spooling;
using Guardrails.Cli.Tests.Spooling;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;

namespace Guardrails.Cli.Tests.Reporting;

/// <summary>
/// JSON, SARIF and JUnit reports written as the check goes (issue 15, point 7) are byte for byte the reports written
/// from the whole run's model, and their temporary files are gone after the run, whether it succeeded or failed.
/// </summary>
public sealed class SpooledReportSinkTests : IDisposable
{
    private readonly ReportFixture _fixture = new();
    private readonly TempFolder _spools = new();
    private int _spoolsMade;

    public void Dispose()
    {
        _fixture.Dispose();
        _spools.Dispose();
    }

    public static TheoryData<string> Formats => ["json", "sarif", "junit"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void The_repository_examples_and_fixtures_read_the_same_as_the_model_writers_write_them(string format)
    {
        var examples = Path.Combine(RepoPaths.Root, "examples");
        var fixtures = Path.Combine(RepoPaths.Root, "tests", "Guardrails.Cli.Tests", "Fixtures", "check");

        Same(format, [examples]);
        Same(format, [Path.Combine(fixtures, "mixed")]);
        Same(format, [Path.Combine(fixtures, "autoscaled"), Path.Combine(fixtures, "mixed"), examples, "missing.yaml"]);
        Same(format, [Path.Combine(fixtures, "mixed")], exemptions: Path.Combine(fixtures, "exemptions.yaml"), failOn: PolicyAction.Warn);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Many_files_and_a_large_one_read_in_parts_with_broken_and_skipped_documents_read_the_same(string format)
    {
        var paths = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            paths.Add(_fixture.Write($"app-{i:D2}.yaml", i % 5 == 3 ? ReportFixture.Mixed : i % 7 == 0 ? "# nothing here\n" : Deployments(i, 3)));
        }

        var large = new StringBuilder();
        for (var i = 0; large.Length < 1536 * 1024; i++)
        {
            large.Append(i % 50 == 7 ? "just a string\n" : i % 97 == 3 ? "foo: [unclosed\n" : i % 31 == 5 ? ReportFixture.Weird : Deployments(i, 1)).Append("---\n");
        }

        paths.Insert(17, _fixture.Write("large.yaml", large.ToString()));

        Same(format, paths);
        _spoolsMade.Should().BeGreaterThan(0);
        Directory.GetFileSystemEntries(_spools.Path).Should().BeEmpty("every temporary file is gone after the run");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void When_nothing_is_found_the_reports_read_the_same(string format)
    {
        Same(format, [_fixture.Write("empty.yaml", "# helm rendered nothing\n"), _fixture.Write("strings.yaml", "just a string\n---\nname: no-kind\n")]);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void An_output_that_cannot_be_opened_is_an_error_and_leaves_no_temporary_file(string format)
    {
        var input = _fixture.Write("bad.yaml", Deployments(0, 40));
        var target = Path.Combine(_fixture.Root, "no-such-folder", "report");
        var errors = new StringWriter();

        var exitCode = Run(format, target, [input], errors, Spool);

        exitCode.Should().Be(ExitCodes.InputError);
        errors.ToString().Should().StartWith($"error: cannot write {target}: ").And.EndWith("\n").And.Subject.Count(c => c == '\n').Should().Be(1);
        _spoolsMade.Should().BeGreaterThan(0);
        Directory.GetFileSystemEntries(_spools.Path).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_full_disk_is_one_error_line_and_no_report_at_all(string format)
    {
        var input = _fixture.Write("bad.yaml", Deployments(0, 40));
        var target = Path.Combine(_fixture.Root, "report");
        var errors = new StringWriter();

        var exitCode = Run(format, target, [input], errors, FullDisk.Spool);

        exitCode.Should().Be(ExitCodes.InputError);
        errors.ToString().Should().Be($"error: cannot write {target}: cannot write a temporary file in {FullDisk.Folder}: No space left on device\n");
        File.Exists(target).Should().BeFalse("no report is begun from part of the run");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_report_to_standard_output_beside_text_in_a_file_reads_the_same(string format)
    {
        var input = _fixture.Write("bad.yaml", Deployments(0, 5) + "---\n" + ReportFixture.Mixed);
        var text = Path.Combine(_fixture.Root, "report.txt");
        using var output = new MemoryStream();
        var options = new CheckCommandOptions(new JudgingSettings([input], [], null, "default", [], false, PolicyAction.Deny), ["text", format], [text]);

        var exitCode = CheckCommand.Run(options, () => Stream.Null, () => output, TextWriter.Null, TextStyle.Plain);

        var report = ReportFixture.Check([input]);
        exitCode.Should().Be(report.Summary.ExitCode);
        Encoding.UTF8.GetString(output.ToArray()).Should().Be(Model(report, format));
        File.ReadAllText(text).Should().Be(Model(report, "text"));
    }

    private static string Deployments(int seed, int count) => string.Join("---\n", Enumerable.Range(0, count).Select(i => (i + seed) % 3 == 0
        ? ReportFixture.Good.Replace("name: api", $"name: api-{seed}-{i}", StringComparison.Ordinal)
        : ReportFixture.Bad.Replace("name: web", $"name: web-{seed}-{i}", StringComparison.Ordinal)));

    private TempSpool Spool()
    {
        Interlocked.Increment(ref _spoolsMade);
        return TempSpool.Create(_spools.Path);
    }

    private void Same(string format, IReadOnlyList<string> paths, string? exemptions = null, PolicyAction failOn = PolicyAction.Deny)
    {
        var (policies, exemptionSet, problems) = PolicySelection.Load([], exemptions);
        problems.Should().BeEmpty();
        var runner = new CheckRunner(new PolicyEngine(policies!, exemptionSet), PolicySelection.BuiltIn, () => Stream.Null);
        var request = new CheckRequest(paths, "default", new Dictionary<string, Dictionary<string, string>>(), false, failOn);
        var model = runner.Run(request);

        using var output = new MemoryStream();
        // The sink disposes its output; a MemoryStream still gives its bytes afterwards.
        var sink = Sink(format, () => output, Spool);
        using (sink as IDisposable)
        {
            var summary = runner.Run(request, CheckRunner.Collect(request), sink);
            summary.Should().Be(model.Summary);
        }

        sink.Failure.Should().BeNull();
        Encoding.UTF8.GetString(output.ToArray()).Should().Be(Model(model, format));
        Directory.GetFileSystemEntries(_spools.Path).Should().BeEmpty();
    }

    private static int Run(string format, string target, IReadOnlyList<string> paths, TextWriter errors, Func<TempSpool> spools)
    {
        var (policies, exemptionSet, _) = PolicySelection.Load([], null);
        var runner = new CheckRunner(new PolicyEngine(policies!, exemptionSet), PolicySelection.BuiltIn, () => Stream.Null);
        var request = new CheckRequest(paths, "default", new Dictionary<string, Dictionary<string, string>>(), false, PolicyAction.Deny);
        var (targets, _) = ReportTargets.Resolve([format], [target]);
        return CheckCommand.RunReports(runner, request, CheckRunner.Collect(request), targets, () => Stream.Null, errors, TextStyle.Plain, spools);
    }

    private static IReportSink Sink(string format, Func<Stream> open, Func<TempSpool> spools) => format switch
    {
        "json" => new JsonReportSink(open, spools),
        "sarif" => new SarifReportSink(open, spools, Environment.CurrentDirectory),
        _ => new JUnitReportSink(open, spools),
    };

    private static string Model(CheckReport report, string format)
    {
        using var output = new MemoryStream();
        var reportFormat = format switch
        {
            "json" => ReportFormat.Json,
            "sarif" => ReportFormat.Sarif,
            "junit" => ReportFormat.JUnit,
            _ => ReportFormat.Text,
        };
        ReportWriters.Write(report, reportFormat, output, TextStyle.Plain);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
