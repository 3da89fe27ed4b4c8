using Guardrails.Fuzz.Running;

namespace Guardrails.Fuzz.Tests;

/// <summary>
/// The repository's own fixtures, which build/fuzz.sh seeds afl-fuzz with, pass every target: the oracles find
/// nothing wrong with real data, so what they report while fuzzing is the mutation's doing.
/// </summary>
public sealed class SeedTests
{
    [Theory]
    [InlineData("admission", "tests/Guardrails.Webhook.Tests/Fixtures/admission-reviews", "*.json")]
    [InlineData("yaml", "examples", "*.yaml")]
    [InlineData("yaml", "policies/tests", "*.yaml")]
    [InlineData("policy", "policies", "policy.yaml")]
    [InlineData("quantity", "tests/Guardrails.Fuzz/Seeds/quantity", "*")]
    public void Repository_fixtures_pass(string target, string folder, string pattern)
    {
        var files = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, folder), pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        files.Should().NotBeEmpty();
        var fuzzTarget = Targets.Get(target);

        var failures = files
            .Select(file => (file, outcome: BoundedRun.Run(fuzzTarget, File.ReadAllBytes(file))))
            .Where(r => r.outcome.Verdict != RunVerdict.Passed)
            .Select(r => $"{Path.GetRelativePath(RepoPaths.Root, r.file)}: {r.outcome}")
            .ToList();

        failures.Should().BeEmpty();
    }
}
