using System.Reflection;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.PolicySets;

/// <summary>
/// Loads the policies a command runs with: the built-in pack inside the binary, the folders given, or both when the
/// paths name <c>built-in</c> beside folders (<c>--policies built-in --policies extra/</c>).
/// </summary>
internal static class PolicySelection
{
    /// <summary>The name of the built-in pack, as a report label and as a <c>--policies</c> value.</summary>
    public const string BuiltIn = "built-in";

    private const string CompiledPackName = "built-in-pack.json";

    /// <summary>The policy set and exemptions, or every problem found loading them.</summary>
    public static (PolicySet? Policies, ExemptionSet? Exemptions, IReadOnlyList<LoadProblem> Problems) Load(IReadOnlyList<string> policyPaths, string? exemptionsPath)
    {
        var load = LoadPolicies(policyPaths);
        if (load.PolicySet is not { } policies)
        {
            return (null, null, load.Problems);
        }

        if (exemptionsPath is null)
        {
            return (policies, null, []);
        }

        var (exemptions, problems) = ExemptionLoader.LoadFile(exemptionsPath, policies);
        return exemptions is null ? (null, null, problems) : (policies, exemptions, []);
    }

    /// <summary>The files and folders among the paths, without <c>built-in</c>: what a host watches for changes.</summary>
    public static IReadOnlyList<string> FilePaths(IReadOnlyList<string> policyPaths) => [.. policyPaths.Where(p => p != BuiltIn)];

    private static PolicyLoadResult LoadPolicies(IReadOnlyList<string> policyPaths)
    {
        var files = FilePaths(policyPaths);
        return files.Count == 0 ? BuiltInPackPrefetch.Take() ?? LoadBuiltIn()
            : PolicyLoader.LoadPaths(files, files.Count == policyPaths.Count ? null : ReadBuiltIn());
    }

    /// <summary>
    /// The built-in pack from its compiled form, which the build wrote after loading <c>policies/</c> with every check of
    /// the policy loader (and fails on any problem); <c>BuiltInPackTests</c> hold it equal to its sources.
    /// </summary>
    public static PolicyLoadResult LoadBuiltIn() => LoadBuiltIn(ReadCompiledPack());

    /// <summary>The built-in pack from its compiled form as <see cref="ReadCompiledPack"/> read it.</summary>
    public static PolicyLoadResult LoadBuiltIn(byte[]? pack) => pack is null
        ? new PolicyLoadResult(null, [new LoadProblem(BuiltIn, 0, 0, $"the compiled pack {CompiledPackName} is missing from this build")])
        : CompiledPack.Load(pack, BuiltIn);

    /// <summary>The compiled form of the built-in pack, embedded by the build; <c>null</c> when it is missing.</summary>
    public static byte[]? ReadCompiledPack()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(CompiledPackName);
        if (stream is null)
        {
            return null;
        }

        var pack = new byte[stream.Length];
        stream.ReadExactly(pack);
        return pack;
    }

    /// <summary>A label for reports: <c>built-in</c>, or the folders given.</summary>
    public static string Describe(IReadOnlyList<string> policyPaths) => policyPaths.Count == 0 ? BuiltIn : string.Join(", ", policyPaths);

    /// <summary>The built-in pack, embedded at build time from <c>policies/*/policy.yaml</c>.</summary>
    public static IReadOnlyList<PolicyFile> ReadBuiltIn() => PolicyFileReader.ReadEmbedded(Assembly.GetExecutingAssembly());
}
