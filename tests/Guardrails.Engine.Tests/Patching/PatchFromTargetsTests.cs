using System.Text.Json;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Policies;
using Guardrails.Engine.Tests.Evaluation;
using Guardrails.Yaml;

namespace Guardrails.Engine.Tests.Patching;

/// <summary>
/// The patch builder that walks each step from its target against the one that walks it from the object's root, over
/// every object of <see cref="FusedRulesTests"/> (the policy pack's cases, the examples, the test fixtures, the
/// benchmark's Deployments and the API server's admission reviews) and objects made to reach the builder's other paths: a
/// pod rule writing into a container, appends, parents created by one fix and extended by the next, and a present value
/// replaced above a container that a later fix writes into. Every part of the two results must be the same.
/// </summary>
public sealed class PatchFromTargetsTests
{
    // Fixes that write into what other fixes create, below and above their targets.
    private const string PatchingPolicy = """
        apiVersion: guardrails.dev/v1
        kind: Policy
        metadata:
          name: patching
        spec:
          title: Fixes that share parents
          description: Fixes of the object, the pod spec and the containers that write into the same members.
          category: reliability
          severity: low
          action: warn
          rules:
            - id: containers-replaced
              target: object
              match: {kinds: [Pod]}
              schema:
                properties:
                  metadata: {required: [labels], properties: {labels: {required: [replaced]}}}
              message: "{{object.metadata.name}} has no replaced label"
              mutate:
                - {op: add, path: /spec/containers, value: [{name: replaced, image: "registry.example.com/replaced:1.0"}]}
                - {op: add, path: /metadata/labels/replaced, value: "yes"}
            - id: pod-writes-container
              target: pod
              schema: {required: [priorityClassName]}
              message: "{{kind}} sets no priority class"
              mutate:
                - {op: add, path: /priorityClassName, value: low}
                - {op: add, path: /containers/0/securityContext/runAsNonRoot, value: true}
                - {op: add, path: /tolerations/-, value: {key: example.com/spot, operator: Exists}}
                - {op: add, path: /securityContext/seccompProfile/type, value: RuntimeDefault}
            - id: container-nested
              target: container
              containerTypes: [containers, initContainers]
              schema: {required: [terminationMessagePolicy]}
              message: "{{name}} sets no termination message policy"
              mutate:
                - {op: add, path: /terminationMessagePolicy, value: FallbackToLogsOnError}
                - {op: add, path: /securityContext/capabilities/drop, value: [ALL]}
                - {op: add, path: /resources/limits/cpu, value: "{{resources.requests.cpu ?? 250m}}"}
        """;

    // kubectl apply's configuration shows the containers were not written: the object rule replaces their list, and the
    // pod and container rules then write into the list as replaced.
    private const string SyntheticPods = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: applied
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"applied"},"spec":{}}'
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              resources: {requests: {cpu: 100m}}
            - name: second
              image: registry.example.com/second:1.0
              securityContext: {privileged: true}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: bare}
        spec:
          tolerations: []
          initContainers:
            - name: init
              image: registry.example.com/init:1.0
              restartPolicy: Always
          containers:
            - name: app
              image: registry.example.com/app:1.0
              securityContext: {}
        """;

    public static TheoryData<string> PolicySets => new() { "pack", "pack and patching" };

    [Theory]
    [MemberData(nameof(PolicySets))]
    public void Patches_built_from_targets_are_those_built_from_the_root(string set)
    {
        var policies = Load(set);
        var fromTargets = new PolicyEngine(policies, time: new FixedTime());
        var fromRoot = new PolicyEngine(policies, time: new FixedTime()) { PatchesFromTargets = false };
        var requests = Requests().ToList();
        requests.Should().HaveCountGreaterThan(300);

        var differences = new List<string>();
        var patched = 0;
        foreach (var (source, request) in requests)
        {
            var expected = fromRoot.Evaluate(request);
            var actual = fromTargets.Evaluate(request);
            patched += expected.Patch.Count > 0 ? 1 : 0;
            if (Describe(actual) != Describe(expected))
            {
                differences.Add($"{source}:\n  from the root:    {Describe(expected)}\n  from the targets: {Describe(actual)}");
            }
        }

        differences.Should().BeEmpty();
        patched.Should().BeGreaterThan(50);
    }

    private static IEnumerable<(string Source, EvaluationRequest Request)> Requests()
    {
        var synthetic = 0;
        foreach (var document in YamlDocumentReader.Read(SyntheticPods))
        {
            foreach (var operation in new[] { AdmissionOperation.Create, AdmissionOperation.Update })
            {
                yield return ($"synthetic pod #{synthetic} ({operation})", new EvaluationRequest { Object = document.Root, Namespace = "default", Operation = operation });
            }

            synthetic++;
        }

        foreach (var request in FusedRulesTests.Requests())
        {
            yield return request;
        }
    }

    private static PolicySet Load(string set)
    {
        var files = Directory.EnumerateFiles(RepoPaths.Policies, "policy.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(path => new PolicyFile(path, File.ReadAllText(path)))
            .ToList();
        if (set.Contains("patching", StringComparison.Ordinal))
        {
            files.Add(new PolicyFile("patching.yaml", PatchingPolicy));
        }

        var loaded = PolicyLoader.Load(files);
        loaded.Problems.Should().BeEmpty();
        return loaded.PolicySet!;
    }

    private static string Describe(EvaluationResult result) => JsonSerializer.Serialize(result);

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    }
}
