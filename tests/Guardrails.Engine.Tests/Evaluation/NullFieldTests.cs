using System.Text.Json;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Patching;

namespace Guardrails.Engine.Tests.Evaluation;

/// <summary>
/// A null field is judged as the API server stores it (issue 16.2): absent, except in a map, where it is the value's
/// zero ("0" in a resource list, "" in labels). Verified against kube-apiserver v1.32; the CLI's NullFieldParityTests
/// compare whole manifests with what it stored.
/// </summary>
public sealed class NullFieldTests
{
    private static readonly PolicyEngine Pack = new(PolicyLoader.LoadPaths([RepoPaths.Policies]).PolicySet!);

    [Theory]
    [InlineData("""{"metadata":{"name":"a","creationTimestamp":null},"spec":{"template":{"metadata":{"creationTimestamp":null}}}}""", false)]
    [InlineData("""{"metadata":{"name":"a","creationTimestamp":null},"spec":{"replicas":null}}""", true)]
    [InlineData("""{"metadata":{"name":"a"}}""", false)]
    public void Only_a_null_other_than_the_API_servers_creationTimestamp_costs_a_rebuild(string json, bool rebuilt)
    {
        using var document = JsonDocument.Parse(json);

        var view = StoredView.Of(document.RootElement);

        (view.GetRawText() != document.RootElement.GetRawText()).Should().Be(rebuilt);
    }

    [Fact]
    public void A_null_member_is_missing_for_required_properties_and_dependent_keywords()
    {
        var policies = TestPolicies.Load(TestPolicies.Policy("""
                - id: needs-note
                  target: object
                  schema:
                    required: [metadata]
                    properties:
                      metadata:
                        required: [annotations]
                        dependentRequired: {labels: [namespace]}
                        properties:
                          annotations: {type: object}
                        if: {required: [finalizers]}
                        then: {required: [generateName]}
                  message: "{{kind}} has no annotations"
            """, match: "  match: {kinds: [ConfigMap]}"));

        Evaluate(policies, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","annotations":null}}""")
            .Violations.Should().ContainSingle().Which.Pointer.Should().Be("/metadata/annotations");
        Evaluate(policies, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","annotations":{},"labels":{"x":"y"},"namespace":null}}""")
            .Violations.Should().ContainSingle().Which.Pointer.Should().Be("/metadata/namespace");
        Evaluate(policies, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","annotations":{},"finalizers":null}}""")
            .Violations.Should().BeEmpty("a null finalizers is absent, so the if does not hold");
        Evaluate(policies, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","annotations":{},"labels":null}}""")
            .Violations.Should().BeEmpty("a null labels is absent, so it requires nothing");
    }

    [Fact]
    public void Null_requests_and_limits_are_missing_and_the_patch_works_on_the_manifest_and_on_the_stored_object()
    {
        var manifest = Pod("""{"requests":null,"limits":null}""");
        var stored = Pod("{}");

        var fromManifest = Pack.Evaluate(Request(manifest));
        var fromStored = Pack.Evaluate(Request(stored));

        Findings(fromManifest).Should().Equal(Findings(fromStored));
        Findings(fromManifest).Should().Contain(["resource-requests-limits/cpu-request", "resource-requests-limits/memory-limit"]);
        PatchOperation.ToJson(fromManifest.Patch).Should().Be(PatchOperation.ToJson(fromStored.Patch));
        foreach (var target in new[] { manifest, stored })
        {
            var patched = Patching.PatchTests.Apply(target, fromManifest.Patch);
            var resources = patched.GetProperty("spec").GetProperty("containers")[0].GetProperty("resources");
            resources.GetProperty("requests").GetProperty("cpu").GetString().Should().Be("100m");
            resources.GetProperty("limits").GetProperty("memory").GetString().Should().Be("256Mi");
        }
    }

    [Fact]
    public void A_null_quantity_in_a_resource_list_is_zero_as_the_API_server_stores_it()
    {
        // The API server stores limits: {cpu: } as cpu "0": the limit is set (to nothing), not missing.
        var result = Pack.Evaluate(Request(Pod("""{"requests":{"cpu":null,"memory":"64Mi"},"limits":{"cpu":"500m","memory":"128Mi"}}""")));

        Findings(result).Should().NotContain("resource-requests-limits/cpu-request");
        result.Patch.Should().BeEmpty();
    }

    [Fact]
    public void A_copy_mutation_under_a_null_value_takes_its_fallback()
    {
        var result = Pack.Evaluate(Request(Pod("""{"requests":{"memory":"64Mi"},"limits":null}""")));

        var cpuLimit = result.Violations.Single(v => v.RuleId == "cpu-limit");
        PatchOperation.ToJson(cpuLimit.Patch).Should().Contain("\"value\":{\"cpu\":\"500m\"}", "requests.cpu is absent, so the fallback applies");
    }

    [Fact]
    public void An_empty_container_security_context_does_not_declare_run_as_non_root()
    {
        var withNull = Pack.Evaluate(Request(Pod("""{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":"500m","memory":"128Mi"}}""", containerSecurityContext: "null")));
        var without = Pack.Evaluate(Request(Pod("""{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":"500m","memory":"128Mi"}}""", containerSecurityContext: null)));

        Findings(withNull).Should().Equal(Findings(without));
        Findings(withNull).Should().Contain("run-as-non-root/run-as-non-root");
    }

    [Fact]
    public void A_null_label_is_an_empty_label()
    {
        var policies = TestPolicies.Load(TestPolicies.Policy("""
                - id: team
                  target: object
                  schema:
                    properties:
                      metadata:
                        required: [labels]
                        properties:
                          labels: {required: [team]}
                  message: "{{kind}} has no team label: '{{metadata.labels.team}}'"
            """, match: "  match: {kinds: [ConfigMap]}"));

        Evaluate(policies, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{"team":null}}}""").Violations.Should().BeEmpty();
        Evaluate(policies, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{"app":"x"}}}""").Violations.Should().ContainSingle()
            .Which.Message.Should().Be("ConfigMap has no team label: '<unset>'");
    }

    private static EvaluationResult Evaluate(Guardrails.Engine.Policies.PolicySet policies, string json) =>
        new PolicyEngine(policies).Evaluate(new EvaluationRequest { Object = JsonDocument.Parse(json).RootElement, Namespace = "default" });

    private static EvaluationRequest Request(JsonElement pod) => new() { Object = pod, Namespace = "default" };

    private static List<string> Findings(EvaluationResult result) => [.. result.Violations.Select(v => $"{v.PolicyId}/{v.RuleId}")];

    private static JsonElement Pod(string resources, string? containerSecurityContext = """{"allowPrivilegeEscalation":false}""")
    {
        var securityContext = containerSecurityContext is null ? string.Empty : $"\"securityContext\":{containerSecurityContext},";
        return JsonDocument.Parse($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"app","image":"registry.example.com/app:1.0.0",
             {{{securityContext}}}"readinessProbe":{"tcpSocket":{"port":8080}},"livenessProbe":{"tcpSocket":{"port":8080}},"resources":{{{resources}}}}]}}
            """).RootElement;
    }
}
