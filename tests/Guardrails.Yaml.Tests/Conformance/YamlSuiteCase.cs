using System.Text;
using System.Text.Json;

namespace Guardrails.Yaml.Tests.Conformance;

/// <summary>One case of the YAML Test Suite: its input, and either the JSON it loads as or the fact that it is an error.</summary>
/// <param name="Id">The case's folder, such as <c>229Q</c> or <c>DK95/01</c>.</param>
/// <param name="Yaml">The YAML input.</param>
/// <param name="IsError">The input must be rejected.</param>
/// <param name="Json">The documents' JSON values; <c>null</c> when the suite gives none (not representable as JSON).</param>
internal sealed record YamlSuiteCase(string Id, string Yaml, bool IsError, IReadOnlyList<JsonElement>? Json)
{
    public static string Folder { get; } = Path.Combine(RepoPaths.Root, "tests", "Guardrails.Yaml.Tests", "Conformance", "yaml-test-suite");

    public static IReadOnlyList<YamlSuiteCase> All { get; } = Load();

    private static List<YamlSuiteCase> Load() =>
        Directory.EnumerateFiles(Folder, "===", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName)
            .Select(folder => Read(folder!))
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .ToList();

    private static YamlSuiteCase Read(string folder)
    {
        var id = Path.GetRelativePath(Folder, folder).Replace(Path.DirectorySeparatorChar, '/');
        var yaml = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(folder, "in.yaml")));
        var isError = File.Exists(Path.Combine(folder, "error"));

        // An error case's in.json, where present, belongs to a sibling case (README): ignore it.
        var jsonFile = Path.Combine(folder, "in.json");
        var json = !isError && File.Exists(jsonFile) ? JsonStream(File.ReadAllBytes(jsonFile)) : null;
        return new YamlSuiteCase(id, yaml, isError, json);
    }

    // in.json holds one JSON value per YAML document, one after another.
    private static List<JsonElement> JsonStream(byte[] bytes)
    {
        var values = new List<JsonElement>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            values.Add(document.RootElement.Clone());
        }

        return values;
    }
}
