using System.Text.Json;

namespace Guardrails.Cli.Tests.Checking;

/// <summary>
/// A field written without a value is judged as the API server stores it (issue 16.2): <c>guardrails check</c> on each
/// manifest of Fixtures/null-fields reaches the same decision and findings as on the object a real kube-apiserver v1.32
/// stored for it (saved beside it).
/// </summary>
public sealed class NullFieldParityTests
{
    private static readonly string Fixtures = Path.Combine(RepoPaths.Root, "tests", "Guardrails.Cli.Tests", "Fixtures");

    [Fact]
    public void Check_judges_each_manifest_as_the_object_the_API_server_stored()
    {
        var (exitCode, output, errors) = GuardrailsProcess.Run(Fixtures, "check", "null-fields", "--format", "json");

        errors.Should().BeEmpty();
        exitCode.Should().Be(1, "some of the objects are denied");
        using var report = JsonDocument.Parse(output);
        var byFile = report.RootElement.GetProperty("objects").EnumerateArray().ToDictionary(o => Path.GetFileName(o.GetProperty("file").GetString()!));
        var manifests = byFile.Keys.Where(f => f.EndsWith(".yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        manifests.Should().HaveCount(5);
        var denied = 0;
        foreach (var manifest in manifests)
        {
            var stored = manifest.Replace(".yaml", ".stored.json", StringComparison.Ordinal);
            byFile.Should().ContainKey(stored);
            var (fromManifest, fromStored) = (byFile[manifest], byFile[stored]);
            Findings(fromManifest).Should().Equal(Findings(fromStored), $"{manifest} must be judged as the API server stored it");
            fromManifest.GetProperty("decision").GetString().Should().Be(fromStored.GetProperty("decision").GetString(), manifest);
            fromManifest.GetProperty("errors").GetArrayLength().Should().Be(0, manifest);
            denied += fromManifest.GetProperty("decision").GetString() == "denied" ? 1 : 0;
        }

        denied.Should().BeGreaterThan(0, "the fixtures include objects the null fields make violate");
    }

    private static List<string> Findings(JsonElement judged) =>
        [.. judged.GetProperty("violations").EnumerateArray()
            .Select(v => $"{v.GetProperty("action").GetString()} {v.GetProperty("policy").GetString()}/{v.GetProperty("rule").GetString()} {v.GetProperty("container").GetString()}")];
}
