using System.Globalization;
using System.Text.Json.Nodes;
using Guardrails.EndToEnd.Yaml;

namespace Guardrails.EndToEnd.Corpus;

/// <summary>
/// Every policy fixture case under <c>policies/*/tests</c> and the distinct documents they judge. A document is judged in
/// the namespace its metadata names, else the one its case names, else <c>default</c>, with the labels the test file
/// gives that namespace (none when the file gives no labels: only replica-minimum selects namespaces, and its tests give
/// them).
/// </summary>
internal sealed class FixtureCorpus
{
    private static readonly Lazy<FixtureCorpus> Loaded = new(() => Load(RepoPaths.Policies));

    private FixtureCorpus(IReadOnlyList<FixtureCase> cases, IReadOnlyList<CorpusDocument> documents)
    {
        Cases = cases;
        Documents = documents;
        ByKey = documents.ToDictionary(d => d.Key, StringComparer.Ordinal);
        CasesById = cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    public static FixtureCorpus Instance => Loaded.Value;

    public IReadOnlyList<FixtureCase> Cases { get; }

    public IReadOnlyList<CorpusDocument> Documents { get; }

    public IReadOnlyDictionary<string, CorpusDocument> ByKey { get; }

    public IReadOnlyDictionary<string, FixtureCase> CasesById { get; }

    private static FixtureCorpus Load(string policies)
    {
        var cases = new List<FixtureCase>();
        var documents = new Dictionary<string, CorpusDocument>(StringComparer.Ordinal);
        foreach (var testFile in Directory.GetFiles(policies, "cases.yaml", SearchOption.AllDirectories).Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "tests").Order(StringComparer.Ordinal))
        {
            var folder = Path.GetDirectoryName(testFile)!;
            var test = YamlJson.Documents(File.ReadAllText(testFile)).Single();
            var policy = test["metadata"]!["name"]!.GetValue<string>();
            var labels = test["spec"]!["namespaceLabels"] as JsonObject;
            var index = 0;
            foreach (var entry in test["spec"]!["cases"]!.AsArray())
            {
                var file = entry!["file"]!.GetValue<string>();
                var operation = entry["operation"]?.GetValue<string>() ?? "CREATE";
                var chunks = YamlChunks.Split(File.ReadAllText(Path.Combine(folder, file)));
                var selected = entry["document"] is { } document ? [(int)document.GetValue<long>()] : Enumerable.Range(0, chunks.Count).Where(i => !YamlChunks.IsEmpty(chunks[i]));
                var keys = new List<string>();
                foreach (var number in selected)
                {
                    var text = chunks[number];
                    var obj = YamlJson.Documents(text).Single().AsObject();
                    var ns = obj["metadata"]?["namespace"]?.GetValue<string>() ?? entry["namespace"]?.GetValue<string>() ?? "default";
                    var nsLabels = (labels?[ns] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal) ?? [];
                    var identity = string.Join('\u0001', text, ns, string.Join(',', nsLabels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")), operation);
                    if (!documents.TryGetValue(identity, out var known))
                    {
                        var source = Path.GetRelativePath(RepoPaths.Root, Path.Combine(folder, file));
                        var key = string.Create(CultureInfo.InvariantCulture, $"{policy}/{Path.GetFileNameWithoutExtension(file)}#{number}")
                            + (operation == "CREATE" ? "" : " " + operation)
                            + (obj["metadata"]?["namespace"] is null ? " in " + ns : "");
                        while (documents.Values.Any(d => d.Key == key))
                        {
                            key += "'";
                        }

                        known = new CorpusDocument(key, source, number, text, obj, ns, nsLabels, operation);
                        documents[identity] = known;
                    }

                    keys.Add(known.Key);
                }

                var expect = (entry["expect"] as JsonArray ?? []).Select(e => new ExpectedFinding(
                    e!["policy"]?.GetValue<string>() ?? policy, e["rule"]!.GetValue<string>(), e["pointer"]!.GetValue<string>())).ToList();
                cases.Add(new FixtureCase(policy, index, entry["name"]!.GetValue<string>(), Path.GetRelativePath(RepoPaths.Root, Path.Combine(folder, file)), keys, operation, expect)
                {
                    Objects = [.. (entry["objects"] as JsonArray ?? []).Select(o => Path.GetRelativePath(RepoPaths.Root, Path.Combine(folder, o!.GetValue<string>())))],
                });
                index++;
            }
        }

        return new FixtureCorpus(cases, [.. documents.Values]);
    }
}
