using Guardrails.Cli.Policies;

namespace Guardrails.Cli.Tests;

/// <summary>Compares outputs with golden files on disk; <c>UPDATE_GOLDEN=1</c> rewrites them.</summary>
internal static class Golden
{
    public static readonly string Directory = Path.Combine(GuardrailsProcess.RepoRoot, "tests", "Guardrails.Cli.Tests", "Fixtures", "check", "golden");

    /// <summary>
    /// The policy-set revision is a hash of every policy file: it is masked so that a policy edit shows up as a
    /// changed finding, not as noise on every line.
    /// </summary>
    public static string MaskRevision(string text) => text.Replace(BuiltInRevision, "@REVISION@", StringComparison.Ordinal);

    /// <summary>SARIF names the folder it ran in (<c>originalUriBaseIds</c>): masked so goldens do not depend on the clone's path.</summary>
    public static string MaskRepoRoot(string text) => text.Replace(GuardrailsProcess.RepoRoot.TrimEnd('/') + "/", "/REPO/", StringComparison.Ordinal);

    private static string BuiltInRevision { get; } = PolicySources.Load([], null).Policies!.Revision;

    public static void Match(string actual, string name)
    {
        var path = Path.Combine(Directory, name);
        var masked = MaskRepoRoot(MaskRevision(actual.ReplaceLineEndings("\n")));
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, masked);
        }

        File.Exists(path).Should().BeTrue($"golden file {name} exists (run UPDATE_GOLDEN=1 dotnet test to create it)");
        masked.Should().Be(File.ReadAllText(path).ReplaceLineEndings("\n"), $"the output must match golden file {name} (UPDATE_GOLDEN=1 refreshes it after a deliberate change)");
    }
}
