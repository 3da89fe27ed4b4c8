using System.Text;
using System.Text.Json;

namespace Guardrails.Cli.Tests.Checking;

/// <summary>
/// <c>guardrails check</c> on a file whose containers ask for quantities like "1e99999999" (issue 15.1: the same file
/// used to hang it): every object gets its verdict, and the run ends (the process harness kills a run that hangs).
/// </summary>
public sealed class ExtremeQuantityTests : IDisposable
{
    private static readonly (string Name, string Cpu, bool Denied)[] Cases =
    [
        ("huge-exponent", "1e99999999", true),
        ("huger-exponent", "1e999999999", true),
        ("int32-exponent", "1E+2147483647", true),
        ("hundred-thousand-digits", new string('9', 100_000), true),
        ("binary-capped", "99999999999999Ei", true),
        ("padded-four", "+" + new string('0', 100_000) + "4", false),
        ("just-below-four", "3." + new string('9', 100_000), false),
        ("tiny", "1e-99999999", false),
        ("truncated-exponent", "1e4294967296", false),
    ];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Every_object_gets_its_verdict()
    {
        var manifest = new StringBuilder();
        foreach (var (name, cpu, _) in Cases)
        {
            manifest.Append(Deployment(name, cpu)).Append("---\n");
        }

        File.WriteAllText(Path.Combine(_temp.Path, "extreme.yaml"), manifest.ToString());

        var (exitCode, output, errors) = GuardrailsProcess.Run(_temp.Path, "check", "extreme.yaml", "--format", "json");

        errors.Should().BeEmpty();
        exitCode.Should().Be(1, "some objects are denied and none is an error");
        using var report = JsonDocument.Parse(output);
        var objects = report.RootElement.GetProperty("objects").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        objects.Should().HaveCount(Cases.Length);
        foreach (var (name, _, denied) in Cases)
        {
            var judged = objects[name];
            judged.GetProperty("errors").GetArrayLength().Should().Be(0, name);
            var rules = judged.GetProperty("violations").EnumerateArray().Select(v => $"{v.GetProperty("policy").GetString()}/{v.GetProperty("rule").GetString()}").ToList();
            rules.Should().BeEquivalentTo(denied ? ["resource-requests-limits/cpu-limit-max"] : Array.Empty<string>(), name);
            judged.GetProperty("violations").EnumerateArray().Should().NotContain(v => v.GetProperty("message").GetString()!.Length >= 400, "a long value is shown cut short");
        }
    }

    private static string Deployment(string name, string cpu) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{{name}}}, namespace: default}
        spec:
          replicas: 2
          selector: {matchLabels: {app: {{{name}}}}}
          template:
            metadata: {labels: {app: {{{name}}}}}
            spec:
              securityContext: {runAsNonRoot: true}
              containers:
              - name: app
                image: registry.example.com/app:1.0.0
                securityContext: {allowPrivilegeEscalation: false}
                readinessProbe: {tcpSocket: {port: 8080}}
                livenessProbe: {tcpSocket: {port: 8080}}
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
                  limits: {cpu: "{{{cpu}}}", memory: 1Gi}

        """;
}
