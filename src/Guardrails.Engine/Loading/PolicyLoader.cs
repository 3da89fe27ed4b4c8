using System.Text.Json;
using Guardrails.Engine.Format;
using Guardrails.Yaml;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Loading;

/// <summary>
/// Loads policy files into a <see cref="PolicySet"/>, reporting every problem in every file at once
/// (bad YAML, unknown fields, invalid schemas, duplicate ids, bad mutation paths, invalid regexes).
/// </summary>
public static class PolicyLoader
{
    /// <summary>Loads the policy files of folders or files, after any <paramref name="preceding"/> named texts.</summary>
    public static PolicyLoadResult LoadPaths(IEnumerable<string> paths, IEnumerable<PolicyFile>? preceding = null)
    {
        var (sources, readProblems) = PolicyFileReader.Read(paths);
        var result = Load(preceding is null ? sources : [.. preceding, .. sources]);
        return readProblems.Count == 0 ? result : new PolicyLoadResult(null, [.. readProblems, .. result.Problems]);
    }

    /// <summary>Loads policies from named texts.</summary>
    public static PolicyLoadResult Load(IEnumerable<PolicyFile> sources)
    {
        var sourceList = sources.ToList();
        var problems = new List<LoadProblem>();
        var policies = new List<Policy>();
        var firstSeen = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        foreach (var source in sourceList)
        {
            var documents = YamlDocumentReader.Read(source.Text);
            if (documents.All(d => d.IsEmpty))
            {
                problems.Add(EmptyFile(source));
                continue;
            }

            foreach (var document in documents)
            {
                Add(source.Name, document, formatChecked: false, policies, firstSeen, problems);
            }
        }

        if (sourceList.Count == 0)
        {
            problems.Add(new LoadProblem("(policies)", 0, 0, "no policy files were found"));
        }

        return problems.Count == 0 ? new PolicyLoadResult(new PolicySet(policies, ContentRevision.Of(sourceList)), []) : new PolicyLoadResult(null, problems);
    }

    /// <summary>
    /// Compiles one document and adds its policy, unless it has a problem or repeats an id. A document whose format was
    /// checked when its pack was built (<paramref name="formatChecked"/>) is not checked against the format schema again.
    /// </summary>
    internal static void Add(string file, SourceDocument document, bool formatChecked, List<Policy> policies, Dictionary<string, (string File, int Line)> firstSeen, List<LoadProblem> problems)
    {
        if (LoadDocument(file, document, formatChecked, problems) is { } policy)
        {
            Register(file, document, policy, policies, firstSeen, problems);
        }
    }

    /// <summary>Adds a compiled policy, unless its id was seen before.</summary>
    internal static void Register(string file, SourceDocument document, Policy policy, List<Policy> policies, Dictionary<string, (string File, int Line)> firstSeen, List<LoadProblem> problems)
    {
        var line = document.Map.Find("/metadata/name")?.Line ?? document.Start.Line;
        if (firstSeen.TryGetValue(policy.Id, out var first))
        {
            problems.Add(Problems.At(file, document, "/metadata/name", $"duplicate policy id '{policy.Id}' (first defined at {first.File}:{first.Line})"));
            return;
        }

        firstSeen[policy.Id] = (file, line);
        policies.Add(policy);
    }

    // A file that is empty, or holds only comments, is never "no policy": that is what a policy file looks like halfway
    // through an edit in place (truncated, not yet written), and loading it would drop the policy it held.
    private static LoadProblem EmptyFile(PolicyFile source) =>
        new(source.Name, 1, 1, string.IsNullOrWhiteSpace(source.Text)
            ? "the file is empty: a policy file must hold at least one policy (remove the file to remove its policies)"
            : "the file holds no policy (only comments or empty documents): a policy file must hold at least one policy (remove the file to remove its policies)");

    /// <summary>Compiles one document into its policy, or adds its problems.</summary>
    internal static Policy? LoadDocument(string file, SourceDocument document, bool formatChecked, List<LoadProblem> problems)
    {
        if (document.Error is { } error)
        {
            problems.Add(new LoadProblem(file, error.Position.Line, error.Position.Column, error.Message));
            return null;
        }

        if (document.Root is not { ValueKind: JsonValueKind.Object } root)
        {
            if (!document.IsEmpty)
            {
                problems.Add(Problems.At(file, document, string.Empty, "a policy document must be a mapping with apiVersion, kind, metadata and spec"));
            }

            return null;
        }

        var before = problems.Count;
        if (!formatChecked)
        {
            DocumentValidator.ValidatePolicy(document, file, problems);
        }

        if (problems.Count > before)
        {
            ReportRuleSchemaProblems(root, file, document, problems);
            return null;
        }

        var spec = PolicyDocumentReader.TryRead(root) ?? root.Deserialize(PolicyJsonContext.Default.PolicyDocument)!;
        return PolicyCompiler.Compile(spec, file, document, problems);
    }

    // A document with format problems is not compiled, but its rule schemas still are, so every problem shows at once.
    private static void ReportRuleSchemaProblems(JsonElement root, string file, SourceDocument document, List<LoadProblem> problems)
    {
        if (!root.TryGetProperty("spec", out var spec) || spec.ValueKind != JsonValueKind.Object
            || !spec.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var index = 0;
        foreach (var rule in rules.EnumerateArray())
        {
            foreach (var field in (string[])["schema", "when", "whenPod"])
            {
                if (rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty(field, out var schema) && schema.ValueKind is JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False)
                {
                    _ = PolicyCompiler.CompileSchema(schema, $"/spec/rules/{index}/{field}", file, document, problems);
                }
            }

            index++;
        }
    }
}
