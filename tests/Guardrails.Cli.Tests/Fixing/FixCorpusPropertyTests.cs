using System.Diagnostics;

namespace Guardrails.Cli.Tests.Fixing;

/// <summary>
/// The benchmark corpus generator's output (tests/Guardrails.Benchmarks/gen-corpus.py, a small size): after
/// <c>guardrails fix</c>, <c>check</c> finds nothing a mutation could fix, and a second fix changes no byte.
/// </summary>
public sealed class FixCorpusPropertyTests
{
    [Fact]
    public void Fix_then_check_leaves_nothing_fixable_and_a_second_fix_changes_no_byte()
    {
        using var folder = new TempFolder();
        var generator = Path.Combine(RepoPaths.Root, "tests", "Guardrails.Benchmarks", "gen-corpus.py");
        using (var python = Process.Start(new ProcessStartInfo("python3") { ArgumentList = { generator, folder.Path, "300", "30" }, RedirectStandardError = true })!)
        {
            var error = python.StandardError.ReadToEnd();
            python.WaitForExit();
            python.ExitCode.Should().Be(0, error);
        }

        var before = Snapshot(folder.Path);
        FixGoldenTests.Check(folder.Path).Objects.SelectMany(o => o.Findings).Should().Contain(f => f.Violation.Changes.Count > 0, "the corpus has fixable findings, or this test proves nothing");

        var (_, output, errors) = FixGoldenTests.Fix([folder.Path]);
        errors.Should().BeEmpty();
        output.Should().NotContain("not fixed");
        var fixedOnce = Snapshot(folder.Path);
        fixedOnce.Should().NotEqual(before);

        FixGoldenTests.Check(folder.Path).Objects.SelectMany(o => o.Findings).Where(f => f.Violation.Changes.Count > 0)
            .Select(f => $"{f.Position} {f.Violation.PolicyId}/{f.Violation.RuleId}").Should().BeEmpty("check after fix finds nothing a mutation could fix");

        FixGoldenTests.Fix([folder.Path]).Output.Should().Contain("nothing to fix");
        Snapshot(folder.Path).Should().Equal(fixedOnce, "a second fix changes no byte");
    }

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*.yaml").ToDictionary(f => f, File.ReadAllText);
}
