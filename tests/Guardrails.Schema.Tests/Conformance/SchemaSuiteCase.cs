using System.Text.Json;

namespace Guardrails.Schema.Tests.Conformance;

/// <summary>One test case of the JSON Schema Test Suite: a schema and the values it must accept or reject.</summary>
/// <param name="File">The file, relative to <c>draft2020-12/</c>.</param>
/// <param name="Index">The case's position in its file.</param>
/// <param name="Description">The case's description.</param>
/// <param name="Schema">The schema.</param>
/// <param name="Tests">The values, each with whether it is valid.</param>
internal sealed record SchemaSuiteCase(string File, int Index, string Description, JsonElement Schema, IReadOnlyList<SchemaSuiteTest> Tests)
{
    public static string Folder { get; } =
        Path.Combine(RepoPaths.Root, "tests", "Guardrails.Schema.Tests", "Conformance", "json-schema-test-suite", "draft2020-12");

    public static IReadOnlyList<SchemaSuiteCase> All { get; } = Load();

    private static List<SchemaSuiteCase> Load() =>
        Directory.EnumerateFiles(Folder, "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Folder, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .SelectMany(Read)
            .ToList();

    private static IEnumerable<SchemaSuiteCase> Read(string file)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(Folder, file)));
        var cases = new List<SchemaSuiteCase>();
        var index = 0;
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var tests = entry.GetProperty("tests").EnumerateArray()
                .Select((test, i) => new SchemaSuiteTest(i, test.GetProperty("description").GetString()!, test.GetProperty("data").Clone(), test.GetProperty("valid").GetBoolean()))
                .ToList();
            cases.Add(new SchemaSuiteCase(file, index++, entry.GetProperty("description").GetString()!, entry.GetProperty("schema").Clone(), tests));
        }

        return cases;
    }
}

/// <summary>One value of a test case.</summary>
internal sealed record SchemaSuiteTest(int Index, string Description, JsonElement Data, bool Valid);
