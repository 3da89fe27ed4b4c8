using Guardrails.Engine.Loading;

namespace Guardrails.Engine.Tests.Loading;

public sealed class PolicyLoaderTests
{
    private const string CpuLimitRule = """
            - id: cpu-limit
              target: container
              containerTypes: [containers, initContainers]
              schema:
                required: [resources]
              message: "container {{name}} sets no CPU limit"
        """;

    [Fact]
    public void Every_problem_in_every_file_is_reported_at_once_with_file_and_line()
    {
        var broken = """
            apiVersion: guardrails.dev/v1
            kind: Policy
            metadata:
              name: Not_DNS
            spec:
              title: t
              description: d
              category: security
              severity: extreme
              action: deny
              colour: blue
              rules:
                - id: r1
                  target: container
                  schema: {type: object, const: 3, frobnicate: true}
                  message: m
            """;
        var badYaml = "apiVersion: guardrails.dev/v1\nkind: Policy\nmetadata: {name: [unclosed\n";

        var problems = TestPolicies.Problems(broken, badYaml);

        problems.Select(p => (p.File, p.Line)).Should().Contain(
        [
            ("policy0.yaml", 4),   // metadata.name not DNS-1123
            ("policy0.yaml", 9),   // severity not in the enum
            ("policy0.yaml", 11),  // unknown field colour
            ("policy0.yaml", 15),  // frobnicate: unknown schema keyword, reported with the format problems
            ("policy1.yaml", 4),   // YAML syntax error, found at the end of the input
        ]);
        problems.Should().Contain(p => p.Line == 11 && p.Message == "spec.colour: is not a known field");
        problems.Should().Contain(p => p.Line == 15 && p.Message.Contains("unknown keyword 'frobnicate'"));
        problems.Should().Contain(p => p.Line == 9 && p.Message.Contains("severity"));
    }

    [Fact]
    public void Rule_schema_problems_point_at_the_keyword_line()
    {
        var policy = TestPolicies.Policy("""
                - id: r1
                  target: object
                  schema:
                    properties:
                      spec:
                        unevaluatedProperties: false
                        properties:
                          name: {pattern: "([a-z"}
                  message: m
            """, match: "  match: {kinds: [ConfigMap]}");

        var problems = TestPolicies.Problems(policy);

        problems.Should().HaveCount(2);
        problems[0].Should().Match<LoadProblem>(p => p.Line == 18 && p.Message.Contains("unevaluatedProperties"));
        problems[1].Should().Match<LoadProblem>(p => p.Line == 20 && p.Message.Contains("invalid regular expression"));
    }

    [Fact]
    public void Duplicate_policy_ids_across_files_name_both_places()
    {
        var policy = TestPolicies.Policy(CpuLimitRule);

        var problems = TestPolicies.Problems(policy, policy);

        problems.Should().ContainSingle().Which.Message.Should().Be("duplicate policy id 'test-policy' (first defined at policy0.yaml:4)");
    }

    [Fact]
    public void Duplicate_rule_ids_are_rejected()
    {
        var problems = TestPolicies.Problems(TestPolicies.Policy(CpuLimitRule + "\n" + CpuLimitRule));

        problems.Should().ContainSingle().Which.Message.Should().Contain("duplicate rule id 'cpu-limit'");
    }

    [Theory]
    [InlineData("resources/limits/cpu", "is not a JSON Pointer")]
    [InlineData("/resources/~2", "is not a JSON Pointer")]
    [InlineData("", "must not be empty")]
    public void Bad_mutation_pointers_are_rejected(string path, string expected)
    {
        var rule = CpuLimitRule + $$"""

                  mutate:
                    - {op: add, path: "{{path}}", value: 500m}
            """;

        var problems = TestPolicies.Problems(TestPolicies.Policy(rule));

        problems.Should().ContainSingle().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void A_rule_may_not_demand_what_ephemeral_containers_cannot_set()
    {
        var rule = """
                - id: needs-probe
                  target: container
                  schema: {required: [livenessProbe]}
                  message: m
            """;

        var problems = TestPolicies.Problems(TestPolicies.Policy(rule));

        problems.Should().ContainSingle().Which.Message.Should().Contain("'livenessProbe', which Kubernetes forbids on ephemeral containers");
    }

    [Fact]
    public void Container_rules_cannot_target_kinds_without_a_pod_spec()
    {
        var problems = TestPolicies.Problems(TestPolicies.Policy(CpuLimitRule, match: "  match: {kinds: [Service]}"));

        problems.Should().ContainSingle().Which.Message.Should().Contain("kind Service has none");
    }

    [Fact]
    public void Unclosed_placeholders_are_rejected()
    {
        var rule = CpuLimitRule.Replace("container {{name}} sets", "container {{name sets", StringComparison.Ordinal);

        var problems = TestPolicies.Problems(TestPolicies.Policy(rule));

        problems.Should().ContainSingle().Which.Message.Should().Contain("never closed");
    }

    [Fact]
    public void A_broken_set_is_never_partly_used()
    {
        var good = TestPolicies.Policy(CpuLimitRule, id: "good-policy");
        var bad = TestPolicies.Policy(CpuLimitRule.Replace("target: container", "target: everything", StringComparison.Ordinal), id: "bad-policy");

        var result = PolicyLoader.Load([new PolicyFile("good.yaml", good), new PolicyFile("bad.yaml", bad)]);

        result.Succeeded.Should().BeFalse();
        result.PolicySet.Should().BeNull();
        result.Problems.Should().ContainSingle().Which.File.Should().Be("bad.yaml");
    }

    [Fact]
    public void The_revision_depends_only_on_content()
    {
        var a = TestPolicies.Load(TestPolicies.Policy(CpuLimitRule));
        var b = TestPolicies.Load(TestPolicies.Policy(CpuLimitRule));
        var c = TestPolicies.Load(TestPolicies.Policy(CpuLimitRule.Replace("sets no", "lacks a", StringComparison.Ordinal)));

        a.Revision.Should().Be(b.Revision).And.HaveLength(12);
        c.Revision.Should().NotBe(a.Revision);
    }

    [Fact]
    public void An_empty_folder_is_an_error_not_an_empty_pass()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;

        var result = PolicyLoader.LoadPaths([folder]);

        result.Succeeded.Should().BeFalse();
        result.Problems.Should().ContainSingle().Which.Message.Should().Be("no policy files were found");
    }

    [Theory]
    [InlineData("", "the file is empty: a policy file must hold at least one policy (remove the file to remove its policies)")]
    [InlineData("\n  \n", "the file is empty: a policy file must hold at least one policy (remove the file to remove its policies)")]
    [InlineData("# being rewritten\n---\n", "the file holds no policy (only comments or empty documents): a policy file must hold at least one policy (remove the file to remove its policies)")]
    public void An_empty_policy_file_is_a_load_error_not_a_set_without_its_policy(string text, string message)
    {
        var good = new PolicyFile("good.yaml", TestPolicies.Policy(CpuLimitRule));

        var result = PolicyLoader.Load([good, new PolicyFile("edited.yaml", text)]);

        result.Succeeded.Should().BeFalse();
        result.Problems.Should().ContainSingle().Which.ToString().Should().Be($"edited.yaml:1:1: {message}");
    }

    [Fact]
    public void A_configmap_mounted_folder_loads_each_policy_once()
    {
        // What the kubelet writes for a ConfigMap volume: keys are symlinks into ..data, itself a symlink to a timestamped folder.
        var folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var version = Directory.CreateDirectory(Path.Combine(folder, "..2026_11_23_14_00_00.000000001")).FullName;
            File.Copy(Path.Combine(RepoPaths.Policies, "no-privileged", "policy.yaml"), Path.Combine(version, "policy.yaml"));
            File.CreateSymbolicLink(Path.Combine(folder, "..data"), version);
            File.CreateSymbolicLink(Path.Combine(folder, "policy.yaml"), Path.Combine("..data", "policy.yaml"));

            var result = PolicyLoader.LoadPaths([folder]);

            result.Problems.Should().BeEmpty();
            result.PolicySet!.Policies.Should().ContainSingle().Which.Id.Should().Be("no-privileged");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
