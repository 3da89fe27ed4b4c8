using System.Diagnostics;
using Guardrails.Cli.Checking;
using Guardrails.Cli.Commands;
using Guardrails.Cli.PolicySets;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;

namespace Guardrails.Cli.Tests.Fixing;

/// <summary>
/// <c>guardrails fix</c> on files written every way manifests are: each <c>Golden/NAME.yaml</c> is fixed in a copy and
/// must become <c>Golden/NAME.fixed.yaml</c> byte for byte (<c>UPDATE_GOLDEN=1</c> rewrites them); a second fix changes
/// nothing, and <c>check</c> of the result finds nothing a mutation could still fix.
/// </summary>
public sealed class FixGoldenTests
{
    private static readonly string GoldenFolder = Path.Combine(RepoPaths.Root, "tests", "Guardrails.Cli.Tests", "Fixing", "Golden");
    private static readonly string[] ProductionLabels = ["payments-prod=env=prod"];

    public static TheoryData<string> Cases => new(Directory.GetFiles(GoldenFolder, "*.yaml").Select(Path.GetFileName).Where(n => !n!.EndsWith(".fixed.yaml", StringComparison.Ordinal)).Select(n => n![..^5]).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fixes_the_file_changing_only_what_the_mutations_set(string name)
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, name + ".yaml");
        File.Copy(Path.Combine(GoldenFolder, name + ".yaml"), file);
        var before = File.ReadAllBytes(file);
        File.SetLastWriteTimeUtc(file, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var (exit, output, errors) = Fix([file]);

        errors.Should().BeEmpty();
        exit.Should().NotBe(ExitCodes.InputError, output);
        var expectedPath = Path.Combine(GoldenFolder, name + ".fixed.yaml");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllBytes(expectedPath, File.ReadAllBytes(file));
        }

        var expected = File.ReadAllBytes(expectedPath);
        File.ReadAllBytes(file).Should().Equal(expected, $"{name}.yaml fixed must be {name}.fixed.yaml byte for byte");
        if (expected.AsSpan().SequenceEqual(before))
        {
            File.GetLastWriteTimeUtc(file).Should().Be(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), "a file with no fix is not written at all");
            output.Should().Contain("nothing to fix");
        }

        var (_, again, _) = Fix([file]);
        File.ReadAllBytes(file).Should().Equal(expected, "a second fix changes nothing");
        again.Should().Contain("nothing to fix");

        foreach (var finding in Check(file).Objects.SelectMany(o => o.Findings).Where(f => f.Violation.Changes.Count > 0))
        {
            output.Should().Contain($"not fixed [{finding.Violation.PolicyId}/{finding.Violation.RuleId}]", "check after fix finds only what fix said it could not fix in the file");
        }
    }

    [Fact]
    public void Diff_prints_what_fix_would_write_and_changes_nothing()
    {
        using var folder = new TempFolder();
        var names = new[] { "comments", "crlf", "multi-document", "flow" };
        foreach (var name in names)
        {
            File.Copy(Path.Combine(GoldenFolder, name + ".yaml"), Path.Combine(folder.Path, name + ".yaml"));
        }

        var (exit, diff, errors) = Fix([.. names.Select(n => Path.Combine(folder.Path, n + ".yaml"))], diff: true);

        exit.Should().Be(ExitCodes.Success, errors);
        errors.Should().Contain("would fix");
        foreach (var name in names)
        {
            File.ReadAllBytes(Path.Combine(folder.Path, name + ".yaml")).Should().Equal(File.ReadAllBytes(Path.Combine(GoldenFolder, name + ".yaml")), "--diff changes nothing");
        }

        // The diff is a real one: patch applies it (absolute names stripped to the file's) and gives exactly what fix writes.
        var patch = Process.Start(new ProcessStartInfo("patch", $"-p{folder.Path.TrimEnd('/').Count(c => c == '/') + 1} --binary --quiet") { WorkingDirectory = folder.Path, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true })!;
        patch.StandardInput.Write(diff);
        patch.StandardInput.Close();
        var patchOutput = patch.StandardOutput.ReadToEnd() + patch.StandardError.ReadToEnd();
        patch.WaitForExit();
        patch.ExitCode.Should().Be(0, patchOutput + "\n" + diff);
        foreach (var name in names)
        {
            File.ReadAllBytes(Path.Combine(folder.Path, name + ".yaml")).Should().Equal(File.ReadAllBytes(Path.Combine(GoldenFolder, name + ".fixed.yaml")), $"the diff of {name} gives what fix writes");
        }
    }

    [Fact]
    public void Check_mode_exits_1_when_a_fix_would_change_a_file_and_writes_nothing()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "list.yaml");
        File.Copy(Path.Combine(GoldenFolder, "list.yaml"), file);

        Fix([file], check: true).Exit.Should().Be(ExitCodes.Violations);
        File.ReadAllBytes(file).Should().Equal(File.ReadAllBytes(Path.Combine(GoldenFolder, "list.yaml")));

        Fix([file]).Exit.Should().Be(ExitCodes.Success);
        Fix([file], check: true).Exit.Should().Be(ExitCodes.Success, "nothing is left to fix and nothing remains");
    }

    [Fact]
    public void Standard_input_is_fixed_to_standard_output()
    {
        var input = File.ReadAllText(Path.Combine(GoldenFolder, "odd-indent.yaml"));
        using var stdin = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(input));

        var (exit, output, errors) = Fix(["-"], standardInput: () => stdin);

        exit.Should().Be(ExitCodes.Success, errors);
        output.Should().Be(File.ReadAllText(Path.Combine(GoldenFolder, "odd-indent.fixed.yaml")));
        errors.Should().Contain("fixed 5 fields in 1 file");
    }

    [Fact]
    public void A_file_that_cannot_be_parsed_is_reported_and_left_untouched()
    {
        using var folder = new TempFolder();
        var broken = Path.Combine(folder.Path, "broken.yaml");
        var text = File.ReadAllText(Path.Combine(GoldenFolder, "comments.yaml")) + "---\nkind: [unclosed\n";
        File.WriteAllText(broken, text);

        var (exit, output, _) = Fix([broken]);

        exit.Should().Be(ExitCodes.InputError);
        output.Should().Contain("broken.yaml:").And.Contain("nothing to fix");
        File.ReadAllText(broken).Should().Be(text);
    }

    [Fact]
    public void Permissions_are_kept_and_no_temporary_file_is_left()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "job.yaml");
        File.Copy(Path.Combine(GoldenFolder, "crlf.yaml"), file);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        Fix([file]).Exit.Should().Be(ExitCodes.Success);

        File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        Directory.GetFiles(folder.Path).Should().Equal(file);
    }

    [Fact]
    public void A_file_that_cannot_be_written_is_reported_as_it_stands_and_the_run_exits_2()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "comments.yaml");
        File.Copy(Path.Combine(GoldenFolder, "comments.yaml"), file);
        var asRead = Check(file);
        var fixable = asRead.Objects.SelectMany(o => o.Findings).Where(f => f.Violation.Changes.Count > 0).ToList();
        fixable.Should().NotBeEmpty("the file has something to fix, or this test proves nothing");

        var (exit, output, errors) = Fix([file], replace: (_, _, _) => "cannot write: No space left on device");

        exit.Should().Be(ExitCodes.InputError, output);
        errors.Should().BeEmpty();
        output.Should().Contain("comments.yaml: error: not written, the file is as it was: cannot write: No space left on device");
        output.Should().Contain("comments.yaml:2:1: not fixed [resource-requests-limits/cpu-request]", "a field not written is shown at its object in the file as it is");
        output.Should().NotContain(": fixed [").And.NotContain("fixed 1").And.NotContain("nothing to fix");
        output.Should().Contain(": the file was not written").And.Contain("not written: 1 file");

        // What remains is what check reports of the file as it stands: every fixable finding is still there, at its place.
        foreach (var finding in fixable)
        {
            output.Should().Contain($"{finding.Position.Line}:{finding.Position.Column}", $"{finding.Violation.RuleId} still stands where check finds it");
        }

        output.Should().Contain($"{asRead.Summary.Objects} object");
        File.ReadAllBytes(file).Should().Equal(File.ReadAllBytes(Path.Combine(GoldenFolder, "comments.yaml")));
    }

    internal static (int Exit, string Output, string Errors) Fix(string[] paths, bool diff = false, bool check = false, Func<Stream>? standardInput = null, Func<string, byte[], byte[], string?>? replace = null)
    {
        var output = new StringWriter { NewLine = "\n" };
        var errors = new StringWriter { NewLine = "\n" };
        var options = new FixCommandOptions(new JudgingSettings(paths, [], null, "default", ProductionLabels, false, PolicyAction.Deny), diff, check);
        var exit = FixCommand.Run(options, standardInput ?? (() => Stream.Null), output, errors, TextStyle.Plain, replace);
        return (exit, output.ToString(), errors.ToString());
    }

    internal static CheckReport Check(params string[] paths)
    {
        var (policies, exemptions, _) = PolicySelection.Load([], null);
        var (labels, _) = NamespaceLabelsOption.Parse(ProductionLabels);
        return new CheckRunner(new PolicyEngine(policies!, exemptions), "built-in", () => Stream.Null).Run(new CheckRequest(paths, "default", labels, false, PolicyAction.Deny));
    }
}
