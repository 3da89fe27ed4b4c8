using System.Text;
using System.Text.Json;
using Guardrails.Yaml;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Patching;

namespace Guardrails.Engine.Tests.Evaluation;

/// <summary>The built-in pack over the manifests applied to a real API server: every finding, pinned in a golden file.</summary>
public sealed class SharedManifestGoldenTests
{
    [Fact]
    public void Built_in_pack_findings_on_the_shared_manifests_match_the_golden_file()
    {
        var engine = new PolicyEngine(PolicyLoader.LoadPaths([RepoPaths.Policies]).PolicySet!);
        var documents = SharedManifests().OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .SelectMany(file => YamlDocumentReader.Read(File.ReadAllText(file)).Select(d => (File: Path.GetFileName(file), Document: d)))
            .ToList();
        documents.Should().OnlyContain(d => d.Document.Error == null);
        var namespaceLabels = NamespaceLabels(documents.Select(d => d.Document.Root!.Value));

        var report = new StringBuilder();
        foreach (var (file, document) in documents)
        {
            var root = document.Root!.Value;
            var metadata = root.GetProperty("metadata");
            var ns = metadata.TryGetProperty("namespace", out var n) ? n.GetString()! : "default";
            var result = engine.Evaluate(new EvaluationRequest { Object = root, Namespace = ns, NamespaceLabels = namespaceLabels.GetValueOrDefault(ns, []) });
            report.Append(CultureInfoInvariant($"{file}#{document.Index} {root.GetProperty("kind").GetString()} {ns}/{metadata.GetProperty("name").GetString()}: {(result.Denied ? "denied" : "allowed")}\n"));
            foreach (var v in result.Violations)
            {
                var line = document.Map.Find(v.Pointer)!.Value.Line;
                report.Append(CultureInfoInvariant($"  {v.Action.ToString().ToLowerInvariant()} {v.PolicyId}/{v.RuleId} line {line} {v.Pointer}: {v.Message}\n"));
                report.Append(v.FixWithheld is { } withheld ? $"    not fixed: {withheld}\n" : string.Empty);
            }

            foreach (var change in result.Changes)
            {
                report.Append(CultureInfoInvariant($"  [{change.PolicyId}/{change.RuleId}] {change.Change.Describe()} ({change.Compact()})\n"));
            }

            report.Append(result.Errors.Count > 0 ? $"  errors: {string.Join("; ", result.Errors)}\n" : string.Empty);
            report.Append(result.Patch.Count > 0 ? $"  patch: {PatchOperation.ToJson(result.Patch)}\n" : string.Empty);
        }

        var golden = Path.Combine(RepoPaths.Fixtures("Guardrails.Engine.Tests"), "golden", "manifests.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, report.ToString());
        }

        report.ToString().Should().Be(File.ReadAllText(golden).ReplaceLineEndings("\n"));
    }

    // The manifests captured against a real API server (examples/, but for hpa.yaml, written here) and the pack's own
    // golden Deployment (policies/tests/): the files every policy's test cases judge.
    private static IEnumerable<string> SharedManifests() =>
        Directory.EnumerateFiles(RepoPaths.Examples, "*.yaml").Where(f => Path.GetFileName(f) != "hpa.yaml")
            .Concat(Directory.EnumerateFiles(Path.Combine(RepoPaths.Policies, "tests"), "*.yaml"));

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static Dictionary<string, Dictionary<string, string>> NamespaceLabels(IEnumerable<JsonElement> objects) =>
        objects.Where(o => o.GetProperty("kind").GetString() == "Namespace")
            .ToDictionary(
                o => o.GetProperty("metadata").GetProperty("name").GetString()!,
                o => o.GetProperty("metadata").GetProperty("labels").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!));
}
