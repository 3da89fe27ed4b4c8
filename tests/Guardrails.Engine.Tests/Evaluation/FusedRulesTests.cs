using System.Text.Json;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Policies;
using Guardrails.Yaml;

namespace Guardrails.Engine.Tests.Evaluation;

/// <summary>
/// The engine that first checks each target against every fusable rule at once (<see cref="FusedChecks"/>) against the
/// engine that judges every rule on its own, over every object of the repository: the policy pack's cases, the examples,
/// the test fixtures, the benchmark's Deployments and the API server's admission reviews (with their operation and
/// subresource). Every part of the two results must be the same.
/// </summary>
public sealed class FusedRulesTests
{
    // Rules written so that several of them share members, lists and list items, with and without `when`.
    private const string SharingPolicy = """
        apiVersion: guardrails.dev/v1
        kind: Policy
        metadata:
          name: sharing
        spec:
          title: Rules that share members
          description: Rules that read the same members of a container and of the pod spec.
          category: reliability
          severity: low
          action: warn
          rules:
            - id: ports-named
              target: container
              schema:
                properties:
                  ports:
                    items:
                      required: [name]
                      properties:
                        name: {maxLength: 10}
              message: "{{name}} has an unnamed port"
            - id: ports-low
              target: container
              containerTypes: [containers, sidecarContainers]
              schema:
                properties:
                  ports:
                    items:
                      properties:
                        containerPort: {minimum: 1024}
                        name: {pattern: "^[a-z-]+$"}
                  securityContext:
                    required: [readOnlyRootFilesystem]
                    additionalProperties: true
              message: "{{name}} listens on a low port"
            - id: env-short
              target: container
              containerTypes: [initContainers, ephemeralContainers]
              schema:
                properties:
                  env:
                    maxItems: 20
                    items:
                      allOf:
                        - properties: {name: {maxLength: 30}}
                        - properties: {value: {maxLength: 60}}
              message: "{{name}} has a long env entry"
            - id: volumes-named
              target: pod
              schema:
                properties:
                  volumes:
                    items:
                      required: [name]
                      properties:
                        name: {pattern: "^[a-z0-9-]+$"}
                  containers:
                    contains:
                      required: [image]
              message: "a volume is badly named"
            - id: when-labelled
              target: container
              when:
                required: [image]
              schema:
                properties:
                  image: {not: {pattern: ":latest$"}}
              message: "{{name}} runs latest"
        """;

    // Targets of every kind, each failing some rules and passing others: sidecars, plain init and ephemeral containers.
    private const string SyntheticPods = """
        apiVersion: v1
        kind: Pod
        metadata: {name: sidecars}
        spec:
          initContainers:
            - name: plain-init
              image: registry.example.com/init:1.0
              env: [{name: A_VERY_LONG_ENVIRONMENT_VARIABLE_NAME_HERE, value: x}]
            - name: proxy
              image: registry.example.com/proxy:1.0
              restartPolicy: Always
              ports: [{containerPort: 80, name: http}]
              securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}
              resources: {requests: {cpu: 10m, memory: 32Mi}, limits: {cpu: 100m, memory: 64Mi}}
          containers:
            - name: app
              image: registry.example.com/app:1.0
              readinessProbe: {tcpSocket: {port: 8080}}
              livenessProbe: {tcpSocket: {port: 8080}}
              ports: [{containerPort: 8080, name: http}]
              securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true}
              resources: {requests: {cpu: 10m, memory: 32Mi}, limits: {cpu: 100m, memory: 64Mi}}
          ephemeralContainers:
            - name: debug
              image: busybox:latest
              env: [{name: DB_PASSWORD, value: hunter2}]
          volumes: [{name: Bad_Name, emptyDir: {}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: sidecar-without-probes}
        spec:
          securityContext: {runAsNonRoot: true}
          initContainers:
            - name: proxy
              image: registry.example.com/proxy:1.0
              restartPolicy: Always
              ports: [{containerPort: 8081, name: proxy}]
              securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}
              resources: {requests: {cpu: 10m, memory: 32Mi}, limits: {cpu: 100m, memory: 64Mi}}
          containers:
            - name: app
              image: registry.example.com/app:1.0
              readinessProbe: {tcpSocket: {port: 8080}}
              livenessProbe: {tcpSocket: {port: 8080}}
              securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}
              resources: {requests: {cpu: 10m, memory: 32Mi}, limits: {cpu: 100m, memory: 64Mi}}
        """;

    public static TheoryData<string> PolicySets => new() { "pack", "pack and sharing" };

    [Theory]
    [MemberData(nameof(PolicySets))]
    public void Fused_rules_give_every_object_the_results_of_rules_judged_one_by_one(string set)
    {
        var policies = Load(set);
        var fused = new PolicyEngine(policies, time: new FixedTime());
        var alone = new PolicyEngine(policies, time: new FixedTime()) { FusesRules = false };
        var requests = Requests().ToList();
        requests.Should().HaveCountGreaterThan(300);

        var differences = new List<string>();
        foreach (var (source, request) in requests)
        {
            // Twice: the second evaluation reuses the thread's memos and verdicts of the first.
            for (var round = 0; round < 2; round++)
            {
                var expected = Describe(alone.Evaluate(request));
                var actual = Describe(fused.Evaluate(request));
                if (actual != expected)
                {
                    differences.Add($"{source}:\n  rule by rule: {expected}\n  fused:        {actual}");
                }
            }
        }

        differences.Should().BeEmpty();
    }

    // A check that fails a target every rule passes costs time, one that passes a target a rule fails costs a verdict:
    // compared on their own, not only through results (where the first is invisible, as the rules then judge the target).
    [Theory]
    [MemberData(nameof(PolicySets))]
    public void Each_fused_check_passes_exactly_the_targets_that_every_rule_it_joins_passes(string set)
    {
        var policies = Load(set);
        var checks = new FusedChecks(policies);
        var rules = policies.Policies.SelectMany(p => p.Rules).Where(FusedChecks.IsFusable).ToList();
        var differences = new List<string>();
        var compared = 0;
        foreach (var (source, request) in Requests())
        {
            if (request.Object is not { ValueKind: JsonValueKind.Object } root || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String
                || !Guardrails.Engine.Matching.PodSpecLocator.TryFind(kind.GetString()!, root, out var podSpec, out var pointer) || podSpec.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var (target, kindOfTarget, joined) in Targets(podSpec, pointer, rules))
            {
                if (checks.For(kindOfTarget, target) is not { } check)
                {
                    continue;
                }

                var expected = joined.All(rule => rule.Schema.Validate(target.Element, new Guardrails.Schema.ValidationContext()));
                var actual = check.Matches(target.Element, new Guardrails.Schema.ValidationContext());
                compared++;
                if (actual != expected)
                {
                    differences.Add($"{source} {target.Field}[{target.Index}]: the rules {(expected ? "pass" : "fail")} it, the fused check {(actual ? "passes" : "fails")} it");
                }
            }
        }

        differences.Should().BeEmpty();
        compared.Should().BeGreaterThan(500);
    }

    // The pod spec and each container, with the fusable rules that judge a target of its kind (as FusedChecks joins them).
    internal static IEnumerable<(Target Target, RuleTarget Kind, List<Rule> Rules)> Targets(JsonElement podSpec, string pointer, List<Rule> rules)
    {
        yield return (new Target(podSpec, pointer), RuleTarget.Pod, rules.Where(r => r.Target == RuleTarget.Pod).ToList());
        foreach (var field in new[] { "containers", "initContainers", "ephemeralContainers" })
        {
            if (!podSpec.TryGetProperty(field, out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var index = 0;
            foreach (var container in list.EnumerateArray())
            {
                var sidecar = field == "initContainers" && container.ValueKind == JsonValueKind.Object && container.TryGetProperty("restartPolicy", out var policy)
                    && policy.ValueKind == JsonValueKind.String && policy.GetString() == "Always";
                ContainerSelection selection = field switch
                {
                    "containers" => ContainerSelection.Containers,
                    "initContainers" => sidecar ? ContainerSelection.InitContainers | ContainerSelection.SidecarContainers : ContainerSelection.InitContainers,
                    _ => ContainerSelection.EphemeralContainers,
                };
                var joined = rules.Where(r => r.Target == RuleTarget.Container && (r.ContainerSelection & selection) != 0).ToList();
                yield return (new Target(container, pointer, field, index++, "container", sidecar), RuleTarget.Container, joined);
            }
        }
    }

    [Fact]
    public void The_pack_fuses_the_rules_of_each_kind_of_target()
    {
        var checks = new FusedChecks(PolicyLoader.LoadPaths([RepoPaths.Policies]).PolicySet!);
        var pod = new Target(default, "/spec/template/spec") { Slot = 0 };
        checks.For(RuleTarget.Pod, pod).Should().NotBeNull();
        foreach (var (field, sidecar) in new[] { ("containers", false), ("initContainers", false), ("initContainers", true), ("ephemeralContainers", false) })
        {
            checks.For(RuleTarget.Container, new Target(default, "/spec/template/spec", field, 0, "container", sidecar) { Slot = 1 }).Should().NotBeNull(field);
        }
    }

    internal static PolicySet Load(string set)
    {
        var files = Directory.EnumerateFiles(RepoPaths.Policies, "policy.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(path => new PolicyFile(path, File.ReadAllText(path)))
            .ToList();
        if (set.Contains("sharing", StringComparison.Ordinal))
        {
            files.Add(new PolicyFile("sharing.yaml", SharingPolicy));
        }

        var loaded = PolicyLoader.Load(files);
        loaded.Problems.Should().BeEmpty();
        return loaded.PolicySet!;
    }

    internal static IEnumerable<(string Source, EvaluationRequest Request)> Requests()
    {
        var synthetic = 0;
        foreach (var document in YamlDocumentReader.Read(SyntheticPods))
        {
            yield return ($"synthetic pod #{synthetic++}", new EvaluationRequest { Object = document.Root, Namespace = "default" });
        }

        var folders = new[] { RepoPaths.Policies, RepoPaths.Examples, Path.Combine(RepoPaths.Root, "tests") };
        var yamlFiles = folders.SelectMany(f => Directory.EnumerateFiles(f, "*.yaml", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var path in yamlFiles)
        {
            IReadOnlyList<SourceDocument> documents;
            try
            {
                documents = YamlDocumentReader.Read(File.ReadAllText(path), trackPositions: false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                continue;
            }

            var index = 0;
            foreach (var document in documents)
            {
                if (document.Root is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("kind", out _)
                    && !(root.TryGetProperty("apiVersion", out var version) && version.ValueKind == JsonValueKind.String && version.GetString()!.StartsWith("guardrails.dev", StringComparison.Ordinal)))
                {
                    foreach (var ns in new[] { "default", "kube-system" })
                    {
                        yield return ($"{path} #{index} in {ns}", new EvaluationRequest { Object = root, Namespace = ns });
                    }
                }

                index++;
            }
        }

        foreach (var path in Directory.EnumerateFiles(RepoPaths.AdmissionReviews, "*.json").Order(StringComparer.Ordinal))
        {
            using var review = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!review.RootElement.TryGetProperty("request", out var request))
            {
                continue;
            }

            yield return (path, new EvaluationRequest
            {
                Object = Member(request, "object"),
                OldObject = Member(request, "oldObject"),
                Operation = Enum.TryParse<AdmissionOperation>(Member(request, "operation")?.GetString(), ignoreCase: true, out var operation) ? operation : AdmissionOperation.Create,
                SubResource = Member(request, "subResource")?.GetString(),
                Namespace = Member(request, "namespace")?.GetString() ?? "default",
            });
        }
    }

    private static JsonElement? Member(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.Clone() : null;

    private static string Describe(EvaluationResult result) => JsonSerializer.Serialize(result);

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    }
}
