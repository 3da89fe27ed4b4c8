using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrails.Engine.Json;
using Guardrails.Engine.Matching;
using Guardrails.Engine.Patching;
using Guardrails.Yaml;

namespace Guardrails.Engine.Tests.Patching;

/// <summary>
/// The fix planner reads the reason a fix makes the API server refuse a container in place
/// (<see cref="ApiServerRules.TryNewContainerRefusalInPlace"/>) instead of from the node trees it used to build
/// (<c>JsonNodes.From</c>, <c>JsonNodes.Set</c> per write, then <see cref="ApiServerRules.ContainerRefusals(JsonNode?, string?)"/>
/// before and after, and the first reason after that was not given before): both must give the same reason for every
/// container of the repository's manifests and fixtures and for containers of odd shapes, under every write a fix can make.
/// </summary>
public sealed class InPlaceRefusalTests
{
    private static readonly string[] OddContainers =
    [
        """{"name": "a"}""",
        """{"name": "a", "securityContext": null, "resources": null}""",
        """{"name": "a", "securityContext": "x", "resources": [1]}""",
        """{"name": "a", "securityContext": [], "resources": {"requests": "1", "limits": []}}""",
        """{"name": "a", "securityContext": {"allowPrivilegeEscalation": false, "privileged": true}}""",
        """{"name": "a", "securityContext": {"allowPrivilegeEscalation": false, "privileged": "true"}}""",
        """{"name": "a", "securityContext": {"allowPrivilegeEscalation": "false", "privileged": true}}""",
        """{"name": "a", "securityContext": {"allowPrivilegeEscalation": true, "privileged": true}}""",
        """{"name": "a", "securityContext": {"privileged": true}}""",
        """{"name": "a", "securityContext": {"privileged": true, "privileged": false}}""",
        """{"name": "a", "securityContext": {"privileged": false, "privileged": true, "allowPrivilegeEscalation": null}}""",
        """{"name": "a", "securityContext": {"capabilities": {"add": ["NET_ADMIN", "CAP_SYS_ADMIN"]}}}""",
        """{"name": "a", "securityContext": {"capabilities": {"add": ["CAP_SYS_ADMIN"], "add": ["SYS_ADMIN"]}}}""",
        """{"name": "a", "securityContext": {"capabilities": {"add": "CAP_SYS_ADMIN"}}}""",
        """{"name": "a", "securityContext": {"capabilities": ["CAP_SYS_ADMIN"], "allowPrivilegeEscalation": false}}""",
        """{"name": "a", "securityContext": {"capabilities": {"add": [null, 1, "CAP_SYS_ADMIN"]}}}""",
        """{"name": "a", "securityContext": {"allowPrivilegeEscalation": false}, "securityContext": {"privileged": true}}""",
        """{"name": "a", "resources": {"requests": {"cpu": "2"}}}""",
        """{"name": "a", "resources": {"limits": {"cpu": "1"}}}""",
        """{"name": "a", "resources": {"requests": {"cpu": "2", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "2Gi"}}}""",
        """{"name": "a", "resources": {"requests": {"memory": "3Gi", "cpu": "2", "memory": "1Gi"}, "limits": {"memory": "2Gi", "cpu": 1}}}""",
        """{"name": "a", "resources": {"requests": {"cpu": 2, "memory": null}, "limits": {"cpu": 1.5e0, "memory": "1Gi"}}}""",
        """{"name": "a", "resources": {"requests": {"cpu": "x", "nvidia.com/gpu": "2"}, "limits": {"cpu": "1", "nvidia.com/gpu": "1"}}}""",
        """{"name": "a", "resources": {"requests": {"cpu": {"v": 1}}, "limits": {"cpu": true}}}""",
        """{"name": "a", "resources": {"requests": null, "limits": {"cpu": "1m"}}}""",
        """{"name": "a", "resources": {"requests": {"cpu": "2"}, "limits": null}, "resources": {"limits": {"cpu": "1"}}}""",
        """{"name": "a", "resources": "none", "securityContext": 5}""",
    ];

    private static readonly (string Pointer, string Value)[] WritePool =
    [
        ("/securityContext/allowPrivilegeEscalation", "false"),
        ("/securityContext/allowPrivilegeEscalation", "true"),
        ("/securityContext/allowPrivilegeEscalation", "\"false\""),
        ("/securityContext/allowPrivilegeEscalation", "null"),
        ("/securityContext/privileged", "true"),
        ("/securityContext/privileged", "false"),
        ("/securityContext/capabilities", """{"add": ["CAP_SYS_ADMIN"]}"""),
        ("/securityContext/capabilities", """{"add": "CAP_SYS_ADMIN", "add": ["CAP_SYS_ADMIN"]}"""),
        ("/securityContext/runAsNonRoot", "true"),
        ("/resources/requests/cpu", "\"100m\""),
        ("/resources/requests/cpu", "\"3\""),
        ("/resources/requests/cpu", "5"),
        ("/resources/requests/cpu", "null"),
        ("/resources/requests/cpu", "{}"),
        ("/resources/requests/memory", "\"128Mi\""),
        ("/resources/requests/memory", "\"4Gi\""),
        ("/resources/limits/cpu", "\"500m\""),
        ("/resources/limits/cpu", "\"50m\""),
        ("/resources/limits/cpu", "1"),
        ("/resources/limits/memory", "\"256Mi\""),
        ("/resources/limits/memory", "\"64Mi\""),
        ("/resources/limits/nvidia.com~1gpu", "\"1\""),
        ("/resources/requests/nvidia.com~1gpu", "\"2\""),
        ("/image", "\"x:1\""),
        ("/livenessProbe/exec/command", "[\"true\"]"),
    ];

    // Writes the planner leaves to the node tree: it must decline them, not read them wrongly.
    private static readonly (string Pointer, string Value)[] DeclinedPool =
    [
        ("/securityContext", """{"allowPrivilegeEscalation": false, "privileged": true}"""),
        ("/securityContext/capabilities/add", "[\"CAP_SYS_ADMIN\"]"),
        ("/resources/limits", """{"cpu": "1m"}"""),
        ("/resources", """{"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}"""),
    ];

    [Fact]
    public void Every_container_reads_the_same_in_place_as_from_its_tree_under_every_write_sequence()
    {
        var containers = Containers().ToList();
        containers.Should().HaveCountGreaterThan(100, "the repository's manifests and fixtures hold that many containers");
        var writes = WritePool.Select(w => Write(w.Pointer, w.Value)).ToArray();
        var sequences = new List<ContainerWrite[]> { Array.Empty<ContainerWrite>() };
        sequences.AddRange(writes.Select(w => new[] { w }));
        sequences.AddRange(from a in writes from b in writes select new[] { a, b });
        var random = new Random(20261203);
        for (var i = 0; i < 400; i++)
        {
            sequences.Add([.. Enumerable.Range(0, random.Next(3, 6)).Select(_ => writes[random.Next(writes.Length)])]);
        }

        var compared = 0;
        var refused = 0;
        foreach (var (where, container, type) in containers)
        {
            foreach (var sequence in sequences)
            {
                // The writes of the fixes accepted so far, then those of the fix weighed.
                var accepted = sequence[..(sequence.Length / 2)];
                var before = FromTree(container, type, accepted);
                var expected = FromTree(container, type, sequence);
                ApiServerRules.TryNewContainerRefusalInPlace(container, type, [.. accepted], [.. sequence[accepted.Length..]], out var refusal)
                    .Should().BeTrue();
                refusal.Should().Be(expected.FirstOrDefault(r => !before.Contains(r)), $"{where} with {Describe(accepted)}, then {Describe(sequence[accepted.Length..])}");
                compared++;
                refused += refusal is null ? 0 : 1;
            }
        }

        compared.Should().BeGreaterThan(100_000);
        refused.Should().BeGreaterThan(compared / 50, "enough of the fixes must be refused for the comparison to mean something");
    }

    [Fact]
    public void Writes_of_a_whole_object_and_ephemeral_containers_are_left_to_the_tree()
    {
        var container = Parse("""{"name": "a"}""");
        foreach (var (pointer, value) in DeclinedPool)
        {
            ApiServerRules.TryNewContainerRefusalInPlace(container, "container", [], [Write(pointer, value)], out _).Should().BeFalse(pointer);
            ApiServerRules.TryNewContainerRefusalInPlace(container, "container", [Write(pointer, value)], [], out _).Should().BeFalse(pointer);
        }

        ApiServerRules.TryNewContainerRefusalInPlace(container, "ephemeralContainer", [], [], out _).Should().BeFalse();
        ApiServerRules.TryNewContainerRefusalInPlace(Parse("\"a\""), "container", [], [], out _).Should().BeFalse();
    }

    private static List<string> FromTree(JsonElement container, string type, ContainerWrite[] writes)
    {
        var node = JsonNodes.From(container, ApiServerRules.ContainerFieldsRead(type));
        foreach (var write in writes)
        {
            JsonNodes.Set(node, write.Tokens, write.Value);
        }

        return [.. ApiServerRules.ContainerRefusals(node, type)];
    }

    private static IEnumerable<(string Where, JsonElement Container, string Type)> Containers()
    {
        foreach (var (text, index) in OddContainers.Select((t, i) => (t, i)))
        {
            yield return ($"odd container {index}", Parse(text), index % 2 == 0 ? "container" : "initContainer");
        }

        var files = Directory.EnumerateFiles(RepoPaths.Policies, "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(RepoPaths.Examples, "*.yaml"))
            .Concat(Directory.EnumerateFiles(RepoPaths.TestProject("Guardrails.Benchmarks"), "*.yaml"))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var document in YamlDocumentReader.Read(File.ReadAllText(file)))
            {
                if (document.Root is not { ValueKind: JsonValueKind.Object } root || !root.TryGetProperty("kind", out var kind)
                    || kind.ValueKind != JsonValueKind.String || !PodSpecLocator.TryFind(kind.GetString()!, root, out var spec, out _)
                    || spec.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var (field, type) in new[] { ("containers", "container"), ("initContainers", "initContainer") })
                {
                    if (spec.TryGetProperty(field, out var list) && list.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var container in list.EnumerateArray())
                        {
                            yield return ($"{file}#{document.Index} {field}", container, type);
                        }
                    }
                }
            }
        }
    }

    private static ContainerWrite Write(string pointer, string value) =>
        new(Schema.JsonPointer.TryParse(pointer, out var tokens) ? tokens : throw new ArgumentException(pointer), Parse(value));

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    private static string Describe(ContainerWrite[] writes) =>
        writes.Length == 0 ? "no write" : string.Join(", ", writes.Select(w => $"/{string.Join('/', w.Tokens)}={w.Value.GetRawText()}"));
}
