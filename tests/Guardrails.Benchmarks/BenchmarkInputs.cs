using System.Text.Json;
using Guardrails.Yaml;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Policies;

namespace Guardrails.Benchmarks;

/// <summary>The inputs every benchmark shares: the built-in pack and the two benchmark Deployments.</summary>
internal static class BenchmarkInputs
{
    public const string CompliantFile = "deployment-compliant.yaml";
    public const string NonCompliantFile = "deployment-noncompliant.yaml";

    /// <summary>The namespace the Deployments are admitted to; labelled env=prod, so replica-minimum applies.</summary>
    public const string Namespace = "payments-prod";

    private static readonly Dictionary<string, string> NamespaceLabels = new(StringComparer.Ordinal) { ["env"] = "prod" };

    /// <summary>The repository root: the first folder above the binary that holds Guardrails.sln.</summary>
    public static string RepoRoot => RepoPaths.Root;

    public static string PoliciesFolder => Path.Combine(RepoRoot, "policies");

    /// <summary>Loads the policies of <paramref name="paths"/> (below the repository root); throws when they do not load.</summary>
    public static PolicySet LoadPolicies(params string[] paths)
    {
        var result = PolicyLoader.LoadPaths(paths.Select(p => Path.Combine(RepoRoot, p)));
        if (result.PolicySet is not { } set)
        {
            throw new InvalidOperationException("the policies do not load:" + Environment.NewLine
                + string.Join(Environment.NewLine, result.Problems.Select(p => $"  {p}")));
        }

        return set;
    }

    /// <summary>The text of a benchmark input, from the binary's folder (copied there by the build) or from the source folder.</summary>
    public static string ReadText(string fileName)
    {
        var besideBinary = Path.Combine(AppContext.BaseDirectory, fileName);
        return File.ReadAllText(File.Exists(besideBinary)
            ? besideBinary
            : Path.Combine(RepoRoot, "tests", "Guardrails.Benchmarks", fileName));
    }

    /// <summary>Parses a benchmark input into its single object, failing loudly on anything else.</summary>
    public static JsonElement ReadObject(string fileName)
    {
        var documents = YamlDocumentReader.Read(ReadText(fileName));
        if (documents.Count != 1 || documents[0].Error is not null || documents[0].Root is not { } root)
        {
            throw new InvalidOperationException($"{fileName} must hold exactly one valid YAML document");
        }

        return root;
    }

    /// <summary>An admission-style request for <paramref name="root"/> in the production namespace.</summary>
    public static EvaluationRequest Request(JsonElement root) => new()
    {
        Object = root,
        Namespace = Namespace,
        NamespaceLabels = NamespaceLabels,
    };

    /// <summary>Checks that an input judges the way its benchmark claims, so a policy change cannot silently turn one case into the other.</summary>
    public static void Expect(EvaluationResult result, bool compliant, string what)
    {
        if (result.Errors.Count > 0)
        {
            throw new InvalidOperationException($"{what}: evaluation errors: {string.Join("; ", result.Errors.Select(e => e.Message))}");
        }

        if (compliant && result.Violations.Count > 0)
        {
            throw new InvalidOperationException($"{what} must pass every policy, but: "
                + string.Join("; ", result.Violations.Select(v => $"{v.PolicyId}/{v.RuleId} at {v.Pointer}: {v.Detail}")));
        }

        if (!compliant && (result.Violations.Count == 0 || result.Patch.Count == 0))
        {
            throw new InvalidOperationException($"{what} must produce violations and a patch");
        }
    }
}
