using System.Reflection;
using System.Text.Json;
using Guardrails.Engine.Format;
using Guardrails.Yaml;
using Guardrails.Engine.Loading;

namespace Guardrails.Engine.Tests.Loading;

public sealed class PolicyDocumentReaderTests
{
    // Every member of every type of the policy format, each with a value, so a member added to the model and not to the
    // reader fails here (the reader declines a member it does not know).
    private const string EveryMember = """
        apiVersion: guardrails.dev/v1
        kind: Policy
        metadata:
          name: every-member
          labels: {team: platform}
          annotations: {note: "a"}
        spec:
          title: Every member
          description: A policy that sets every member of the format.
          category: reliability
          severity: medium
          action: warn
          match:
            kinds: [Deployment, HorizontalPodAutoscaler]
            excludeKinds: [Pod]
            operations: [CREATE, UPDATE, DELETE, CONNECT]
            namespaces: [prod-*]
            excludeNamespaces: [kube-system]
            namespaceSelector:
              matchLabels: {env: prod}
              matchExpressions:
                - {key: tier, operator: In, values: [web, api]}
            objectSelector:
              matchExpressions:
                - {key: skip, operator: DoesNotExist}
          rules:
            - id: replicas
              title: Enough replicas
              description: Two at least.
              target: object
              match: {kinds: [Deployment]}
              when: {required: [spec]}
              schema:
                properties:
                  spec: {properties: {replicas: {minimum: 2}}}
              message: "{{kind}} {{name}} runs too few replicas"
              remediation: Set replicas.
              action: deny
              severity: high
              mutate:
                - {op: add, path: /spec/replicas, value: 2}
              scaledBy: {kind: HorizontalPodAutoscaler, replicas: minReplicas, message: "autoscaler {{name}} may scale down", remediation: Raise minReplicas.}
            - id: probes
              target: container
              containerTypes: [containers, initContainers, sidecarContainers, ephemeralContainers]
              whenPod: {required: [containers]}
              schema: true
              message: m
        """;

    private static readonly Type[] Model =
    [
        typeof(PolicyDocument), typeof(PolicyMetadata), typeof(PolicySpec), typeof(RuleSpec), typeof(ScaledBySpec),
        typeof(MutationSpec), typeof(MatchSpec), typeof(LabelSelectorSpec), typeof(LabelSelectorRequirementSpec),
    ];

    [Fact]
    public void Every_member_of_the_format_is_read_as_System_Text_Json_reads_it()
    {
        var root = Root(EveryMember);

        var read = PolicyDocumentReader.TryRead(root);

        read.Should().NotBeNull();
        Json(read!).Should().Be(Json(root.Deserialize(PolicyJsonContext.Default.PolicyDocument)!));
        var names = Names(JsonDocument.Parse(Json(read!)).RootElement).ToHashSet(StringComparer.Ordinal);
        foreach (var property in Model.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)))
        {
            names.Should().Contain(JsonNamingPolicy.CamelCase.ConvertName(property.Name), $"{property.DeclaringType!.Name}.{property.Name} is set in the test policy");
        }
    }

    [Fact]
    public void Every_policy_of_the_repository_is_read_as_System_Text_Json_reads_it()
    {
        var policies = Directory.EnumerateFiles(RepoPaths.Root, "*.yaml", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/.", StringComparison.Ordinal))
            .SelectMany(f => YamlDocumentReader.Read(File.ReadAllText(f)).Select(d => (File: f, d.Root)))
            .Where(d => d.Root is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "Policy"
                && root.TryGetProperty("apiVersion", out var version) && version.ValueKind == JsonValueKind.String && version.GetString() == "guardrails.dev/v1")
            .ToList();
        policies.Count.Should().BeGreaterThan(9);

        foreach (var (file, root) in policies)
        {
            var read = PolicyDocumentReader.TryRead(root!.Value);
            if (file.StartsWith(RepoPaths.Policies + "/", StringComparison.Ordinal))
            {
                read.Should().NotBeNull($"{file} is a built-in policy");
            }

            if (read is not null)
            {
                Json(read).Should().Be(Json(root.Value.Deserialize(PolicyJsonContext.Default.PolicyDocument)!), file);
            }
        }
    }

    [Theory]
    [InlineData("colour: blue")]
    [InlineData("spec: null")]
    [InlineData("metadata: {name: x, labels: null}")]
    [InlineData("spec: {title: t, severity: High}")]
    [InlineData("spec: {rules: [{id: r, mutate: [{op: Add}]}]}")]
    [InlineData("spec: {rules: [{id: r, when: null}]}")]
    [InlineData("spec: {severity: 2}")]
    public void Anything_but_the_plain_case_is_left_to_System_Text_Json(string yaml)
    {
        PolicyDocumentReader.TryRead(Root(yaml)).Should().BeNull();
    }

    private static JsonElement Root(string yaml)
    {
        var document = YamlDocumentReader.Read(yaml).Single();
        return document.Root ?? throw new InvalidOperationException(document.Error?.Message);
    }

    private static string Json(PolicyDocument document) => JsonSerializer.Serialize(document, PolicyJsonContext.Default.PolicyDocument);

    private static IEnumerable<string> Names(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(m => Names(m.Value).Prepend(m.Name)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Names),
        _ => [],
    };
}
