using System.Globalization;
using System.Text.Json;
using Guardrails.Yaml;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;

namespace Guardrails.Engine.Tests.Conformance;

/// <summary>One row of <c>kyverno/verdicts.tsv</c>: what Kyverno's own tests assert about one YAML document.</summary>
/// <param name="File">The resource file, relative to the Conformance folder (<c>kyverno/&lt;policy&gt;/&lt;file&gt;.yaml</c>).</param>
/// <param name="Document">The document's index in the file, counted from 0.</param>
/// <param name="KyvernoPolicy">The Kyverno policy the verdict is for.</param>
/// <param name="Kind">The document's kind.</param>
/// <param name="Name">The document's metadata.name.</param>
/// <param name="Verdict">Kyverno's verdict: pass or fail.</param>
internal sealed record KyvernoVerdict(string File, int Document, string KyvernoPolicy, string Kind, string Name, string Verdict)
{
    public (string File, int Document, string KyvernoPolicy) Key => (File, Document, KyvernoPolicy);
}

/// <summary>One row of <c>differences.tsv</c>: a row where our verdict deliberately differs from Kyverno's.</summary>
internal sealed record KnownDifference(string File, int Document, string KyvernoPolicy, string Kind, string Name, string KyvernoVerdict, string OurVerdict, string Reason)
{
    public (string File, int Document, string KyvernoPolicy) Key => (File, Document, KyvernoPolicy);
}

/// <summary>
/// The Kyverno conformance data and how it maps onto the built-in pack: which of our rules implement the
/// requirement each Kyverno policy tests, and how our verdict for one row is reached.
/// </summary>
internal static class KyvernoConformance
{
    public const string Pass = "pass";
    public const string Fail = "fail";

    /// <summary>
    /// Kyverno policy → the rules of the built-in pack (policy/rule) that implement the same requirement. A row
    /// fails for us when any of these rules reports a violation; the pack's other rules are not consulted, since
    /// they test other requirements (which other Kyverno policies cover).
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Mapping { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // Kyverno requires cpu and memory requests and a memory limit, never a CPU limit: that is require-cpu-limits.
        ["require-pod-requests-limits"] = ["resource-requests-limits/cpu-request", "resource-requests-limits/memory-request", "resource-requests-limits/memory-limit"],
        ["require-cpu-limits"] = ["resource-requests-limits/cpu-limit"],
        ["require-probes"] = ["health-probes/readiness-probe", "health-probes/liveness-probe"],
        // Evaluated in a namespace labelled env=prod, where replica-minimum applies.
        ["require-deployments-have-multiple-replicas"] = ["replica-minimum/min-replicas"],
        ["disallow-secrets-from-env-vars"] = ["vault-only-secrets/no-secret-env", "vault-only-secrets/no-secret-envfrom", "vault-only-secrets/no-literal-credentials"],
        ["disallow-secrets-from-env-vars-cel"] = ["vault-only-secrets/no-secret-env", "vault-only-secrets/no-secret-envfrom", "vault-only-secrets/no-literal-credentials"],
        ["disallow-all-secrets"] = ["vault-only-secrets/no-secret-volume", "vault-only-secrets/no-secret-env", "vault-only-secrets/no-secret-envfrom", "vault-only-secrets/no-literal-credentials"],
        ["disallow-all-secrets-cel"] = ["vault-only-secrets/no-secret-volume", "vault-only-secrets/no-secret-env", "vault-only-secrets/no-secret-envfrom", "vault-only-secrets/no-literal-credentials"],
        ["disallow-latest-tag"] = ["image-tag/pinned-tag"],
        ["require-run-as-nonroot"] = ["run-as-non-root/run-as-non-root"],
        ["require-run-as-non-root-user"] = ["run-as-non-root/run-as-non-root"],
        ["disallow-privileged-containers"] = ["no-privileged/no-privileged"],
        ["disallow-privilege-escalation"] = ["no-privilege-escalation/no-privilege-escalation"],
        ["disallow-host-path"] = ["no-host-path/no-host-path"],
    };

    /// <summary>Kyverno policies whose requirement the built-in pack does not have: their rows are not compared.</summary>
    public static IReadOnlyDictionary<string, string> NotCovered { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["imagepullpolicy-always"] = "the pack has no image pull policy requirement (image-tag rejects :latest and untagged images outright)",
    };

    /// <summary>The namespace every row is evaluated in: labelled env=prod so that replica-minimum applies.</summary>
    public static IReadOnlyDictionary<string, string> NamespaceLabels { get; } = new Dictionary<string, string>(StringComparer.Ordinal) { ["env"] = "prod" };

    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "Guardrails.Engine.Tests", "Conformance");

    public static string DocumentPath => Path.Combine(RepoPaths.Root, "docs", "conformance.md");

    private static readonly Lazy<IReadOnlyList<KyvernoVerdict>> LazyVerdicts = new(() =>
        ReadTsv(Path.Combine(Folder, "kyverno", "verdicts.tsv"))
            .Select(r => new KyvernoVerdict(r["local_file"], ParseIndex(r["doc"]), r["check"], r["kind"], r["name"], r["verdict"]))
            .ToList());

    private static readonly Lazy<IReadOnlyList<KnownDifference>> LazyDifferences = new(() =>
        ReadTsv(Path.Combine(Folder, "differences.tsv"))
            .Select(r => new KnownDifference(r["local_file"], ParseIndex(r["doc"]), r["kyverno_policy"], r["kind"], r["name"], r["kyverno_verdict"], r["our_verdict"], r["reason"]))
            .ToList());

    private static readonly Lazy<PolicyEngine> LazyEngine = new(() =>
    {
        var loaded = PolicyLoader.LoadPaths([RepoPaths.Policies]);
        loaded.Problems.Should().BeEmpty();
        return new PolicyEngine(loaded.PolicySet!);
    });

    private static readonly Lazy<Dictionary<string, IReadOnlyList<SourceDocument>>> LazyDocuments = new(() =>
        Verdicts.Select(v => v.File).Distinct(StringComparer.Ordinal)
            .ToDictionary(f => f, f => YamlDocumentReader.Read(File.ReadAllText(Path.Combine(Folder, f))), StringComparer.Ordinal));

    public static IReadOnlyList<KyvernoVerdict> Verdicts => LazyVerdicts.Value;

    public static IReadOnlyList<KnownDifference> Differences => LazyDifferences.Value;

    public static PolicyEngine Engine => LazyEngine.Value;

    public static KyvernoVerdict Verdict(string file, int document, string kyvernoPolicy) =>
        Verdicts.Single(v => v.Key == (file, document, kyvernoPolicy));

    public static KnownDifference? Difference(string file, int document, string kyvernoPolicy) =>
        Differences.SingleOrDefault(d => d.Key == (file, document, kyvernoPolicy));

    /// <summary>The document a row refers to; null when the file has fewer documents.</summary>
    public static SourceDocument? Document(string file, int index)
    {
        var documents = LazyDocuments.Value[file];
        return index < documents.Count ? documents[index] : null;
    }

    /// <summary>Evaluates the row's document with the whole pack, in a production namespace.</summary>
    public static EvaluationResult Evaluate(string file, int document)
    {
        var source = Document(file, document) ?? throw new InvalidOperationException($"{file} has no document {document}");
        return Engine.Evaluate(new EvaluationRequest { Object = source.Root, Namespace = "default", NamespaceLabels = NamespaceLabels });
    }

    /// <summary>Our verdict on a row's requirement: fail when any mapped rule reports a violation.</summary>
    public static string OurVerdict(string kyvernoPolicy, EvaluationResult result)
    {
        var rules = Mapping[kyvernoPolicy];
        return result.Violations.Any(v => rules.Contains($"{v.PolicyId}/{v.RuleId}", StringComparer.Ordinal)) ? Fail : Pass;
    }

    public static string? StringField(JsonElement element, string first, string? second = null)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(first, out var value))
        {
            return null;
        }

        if (second is not null && (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(second, out value)))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static int ParseIndex(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Reads a tab-separated file with a header line into one dictionary per row.</summary>
    private static List<Dictionary<string, string>> ReadTsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split('\t');
        var rows = new List<Dictionary<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split('\t');
            if (cells.Length != header.Length)
            {
                throw new InvalidDataException($"{path}: expected {header.Length} tab-separated cells, found {cells.Length}: {line}");
            }

            rows.Add(header.Zip(cells).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
        }

        return rows;
    }
}
