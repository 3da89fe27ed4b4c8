using System.Reflection;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Policies;

/// <summary>Loads the policies a command runs with: the built-in pack inside the binary, or the folders given.</summary>
internal static class PolicySources
{
    public const string BuiltIn = "built-in";

    /// <summary>The policy set and exemptions, or every problem found loading them.</summary>
    public static (PolicySet? Policies, ExemptionSet? Exemptions, IReadOnlyList<LoadProblem> Problems) Load(IReadOnlyList<string> policyPaths, string? exemptionsPath)
    {
        var load = policyPaths.Count == 0 ? PolicyLoader.Load(ReadBuiltIn()) : PolicyLoader.LoadPaths(policyPaths);
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

    /// <summary>A label for reports: <c>built-in</c>, or the folders given.</summary>
    public static string Describe(IReadOnlyList<string> policyPaths) => policyPaths.Count == 0 ? BuiltIn : string.Join(", ", policyPaths);

    /// <summary>The built-in pack, embedded at build time from <c>policies/*/policy.yaml</c>.</summary>
    public static IReadOnlyList<PolicySource> ReadBuiltIn()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var sources = new List<PolicySource>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("policies/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            sources.Add(new PolicySource(name, reader.ReadToEnd()));
        }

        return sources;
    }
}
