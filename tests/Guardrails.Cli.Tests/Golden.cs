using Guardrails.Cli.PolicySets;

namespace Guardrails.Cli.Tests;

/// <summary>The golden files of <c>check</c>'s reports, with what varies between clones and policy edits masked.</summary>
internal static class Golden
{
    public static GoldenFiles Check { get; } = new(Path.Combine(RepoPaths.Fixtures("Guardrails.Cli.Tests"), "check", "golden"), text => MaskRepoRoot(MaskRevision(text)));

    /// <summary>
    /// The policy-set revision is a hash of every policy file: it is masked so that a policy edit shows up as a
    /// changed finding, not as noise on every line.
    /// </summary>
    public static string MaskRevision(string text) => text.Replace(BuiltInRevision, "@REVISION@", StringComparison.Ordinal);

    /// <summary>SARIF names the folder it ran in (<c>originalUriBaseIds</c>): masked so goldens do not depend on the clone's path.</summary>
    public static string MaskRepoRoot(string text) => text.Replace(RepoPaths.Root.TrimEnd('/') + "/", "/REPO/", StringComparison.Ordinal);

    private static string BuiltInRevision { get; } = PolicySelection.Load([], null).Policies!.Revision;
}
