using Guardrails.Fuzz.Running;
using Guardrails.Fuzz.Targets;

namespace Guardrails.Fuzz.Tests;

/// <summary>
/// Every input that ever made a fuzz target crash, hang or answer wrongly runs through that target again and must now
/// complete cleanly within the target's bound.
/// </summary>
public sealed class RegressionTests
{
    public static TheoryData<string, string> Kept()
    {
        var data = new TheoryData<string, string>();
        foreach (var (target, file) in KeptInputs.All())
        {
            data.Add(target, file);
        }

        return data;
    }

    [RegressionTheory]
    [MemberData(nameof(Kept))]
    public void Kept_input_completes_cleanly_within_its_bound(string target, string file)
    {
        var fuzzTarget = Targets.Get(target);

        var outcome = BoundedRun.Run(fuzzTarget, File.ReadAllBytes(KeptInputs.PathOf(target, file)));

        outcome.Verdict.Should().Be(RunVerdict.Passed, "Regressions/{0}/{1} must pass the {0} target within {2}: {3}", target, file, fuzzTarget.Bound, outcome);
    }

    [Fact]
    public void Every_kept_input_is_in_a_target_folder()
    {
        Directory.EnumerateDirectories(Path.Combine(RepoPaths.TestProject("Guardrails.Fuzz"), "Regressions")).Select(Path.GetFileName).Should().OnlyContain(name => FuzzTargets.Names.Contains(name!));
        KeptInputs.All().Should().NotBeEmpty();
    }

    [Fact]
    public void The_known_open_list_names_kept_inputs_and_the_issue_that_fixes_them()
    {
        var kept = KeptInputs.All().Select(k => $"{k.Target}/{k.File}").ToHashSet(StringComparer.Ordinal);

        foreach (var (input, reason) in KeptInputs.KnownOpen)
        {
            kept.Should().Contain(input, "known-open.txt may only name kept inputs");
            reason.Should().MatchRegex(@"issue \d+(\.\d+)?", "each known-open input says which issue fixes it ({0})", input);
        }
    }
}
