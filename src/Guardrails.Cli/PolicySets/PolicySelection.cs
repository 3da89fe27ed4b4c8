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
    public static PolicyLoadResult LoadBuiltIn() => CompiledPack.Load(BuiltInPackData.Json.ToArray(), BuiltIn);

    /// <summary>A load of the built-in pack that threads share (<see cref="BuiltInPackPrefetch"/>): read, not yet compiled.</summary>
    public static CompiledPackLoad BeginBuiltIn() => CompiledPackLoad.Begin(BuiltInPackData.Json.ToArray(), BuiltIn);

    /// <summary>A label for reports: <c>built-in</c>, or the folders given.</summary>
    public static string Describe(IReadOnlyList<string> policyPaths) => policyPaths.Count == 0 ? BuiltIn : string.Join(", ", policyPaths);

    /// <summary>The built-in pack, embedded at build time from <c>policies/*/policy.yaml</c>.</summary>
    public static IReadOnlyList<PolicyFile> ReadBuiltIn() => PolicyFileReader.ReadEmbedded(Assembly.GetExecutingAssembly());
}
