using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Tests.Exemptions;

public sealed class ExemptionTests
{
    private static readonly PolicySet Policies = TestPolicies.Load(TestPolicies.Policy("""
            - id: no-privileged
              target: container
              schema: {properties: {securityContext: {properties: {privileged: {const: false}}}}}
              message: "{{name}} is privileged"
        """, id: "no-privileged"));

    private static readonly DateTimeOffset Today = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static string Pod(string annotations = "{}", string ns = "mesh") => $$$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: istio-ingress-7d9f, namespace: {{{ns}}}, annotations: {{{annotations}}}}
        spec:
          containers:
            - {name: app, image: registry.example.com/app:1.0, securityContext: {privileged: true}}
            - {name: istio-proxy, image: docker.io/istio/proxyv2:1.22, securityContext: {privileged: true}}
        """;

    private static EvaluationResult Evaluate(string exemptionsYaml, string pod)
    {
        var (exemptions, problems) = ExemptionLoader.Load(new PolicyFile("exemptions.yaml", exemptionsYaml), Policies);
        problems.Should().BeEmpty();
        var engine = new PolicyEngine(Policies, exemptions, new FixedTime(Today));
        return engine.Evaluate(new() { Object = TestPolicies.Object(pod) });
    }

    private static string Entries(string entries) => $$"""
        apiVersion: guardrails.dev/v1
        kind: Exemptions
        metadata: {name: platform}
        spec:
          exemptions:
        {{entries}}
        """;

    [Fact]
    public void A_file_entry_exempts_only_the_containers_and_images_it_names()
    {
        var result = Evaluate(Entries("""
                - policy: no-privileged
                  namespaces: [mesh]
                  names: [istio-ingress-*]
                  containers: [istio-proxy]
                  images: ["docker.io/istio/*"]
                  owner: platform-team
                  reason: the mesh proxy programs iptables
                  expires: 2027-01-31
            """), Pod());

        result.Violations.Should().ContainSingle().Which.Container.Should().Be("app");
        var use = result.Exemptions.Should().ContainSingle().Subject;
        use.Should().BeEquivalentTo(new
        {
            PolicyId = "no-privileged",
            RuleId = "no-privileged",
            Pointer = "/spec/containers/1/securityContext/privileged",
            Status = ExemptionStatus.Applied,
            Source = ExemptionSource.File,
            Owner = "platform-team",
            Reason = "the mesh proxy programs iptables",
            Expires = new DateOnly(2027, 1, 31),
            Entry = "exemptions.yaml:6",
        });
    }

    [Fact]
    public void An_expired_entry_stops_applying_and_is_reported()
    {
        var result = Evaluate(Entries("""
                - policy: no-privileged
                  containers: [istio-proxy]
                  owner: platform-team
                  reason: temporary
                  expires: 2026-11-22
            """), Pod());

        result.Violations.Should().HaveCount(2);
        result.Exemptions.Should().ContainSingle().Which.Status.Should().Be(ExemptionStatus.Expired);
    }

    [Fact]
    public void An_entry_is_valid_through_its_expiry_day()
    {
        var result = Evaluate(Entries("""
                - policy: no-privileged
                  containers: [istio-proxy]
                  owner: platform-team
                  reason: last day
                  expires: 2026-11-23
            """), Pod());

        result.Violations.Should().ContainSingle();
        result.Exemptions.Should().ContainSingle().Which.Status.Should().Be(ExemptionStatus.Applied);
    }

    [Fact]
    public void An_annotation_without_an_allowing_entry_is_refused_and_reported()
    {
        var result = Evaluate(Entries("    []"), Pod("""{"guardrails.dev/exempt.no-privileged": "we need it"}"""));

        result.Violations.Should().HaveCount(2);
        result.Exemptions.Should().HaveCount(2).And.OnlyContain(u => u.Status == ExemptionStatus.NotAllowed && u.Source == ExemptionSource.Annotation);
    }

    [Fact]
    public void A_refused_annotation_says_that_no_entry_allows_it()
    {
        var result = Evaluate(Entries("    []"), Pod("""{"guardrails.dev/exempt.no-privileged": "we need it"}"""));

        result.Exemptions.Should().OnlyContain(u => u.Refusal == "no exemption entry allows the annotation for this object" && u.Entry == null && u.Reason == "we need it");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_annotation_that_an_entry_allows_is_refused_because_it_gives_no_reason(string value)
    {
        var result = Evaluate(Entries("""
                - policy: no-privileged
                  namespaces: [mesh]
                  allowAnnotation: true
                  owner: security-team
                  reason: mesh namespace may self-exempt after review
                  expires: 2027-06-30
            """), Pod($$"""{"guardrails.dev/exempt.no-privileged": "{{value}}"}"""));

        result.Violations.Should().HaveCount(2);
        result.Exemptions.Should().HaveCount(2).And.OnlyContain(u =>
            u.Status == ExemptionStatus.NotAllowed
            && u.Refusal == "the annotation's value is empty, and that value must give the reason"
            && u.Entry != null && u.Owner == "security-team" && u.Reason == value);
    }

    [Fact]
    public void An_annotation_allowed_by_an_entry_exempts_with_its_own_reason()
    {
        var result = Evaluate(Entries("""
                - policy: no-privileged
                  rule: no-privileged
                  namespaces: [mesh]
                  allowAnnotation: true
                  owner: security-team
                  reason: mesh namespace may self-exempt after review
                  expires: 2027-06-30
            """), Pod("""{"guardrails.dev/exempt.no-privileged.no-privileged": "CNI needs NET_ADMIN, ticket SEC-42"}"""));

        result.Violations.Should().BeEmpty();
        result.Exemptions.Should().HaveCount(2).And.OnlyContain(u =>
            u.Status == ExemptionStatus.Applied && u.Source == ExemptionSource.Annotation && u.Reason == "CNI needs NET_ADMIN, ticket SEC-42" && u.Owner == "security-team");
    }

    [Fact]
    public void An_allowing_entry_outside_the_objects_namespace_does_not_allow_the_annotation()
    {
        var result = Evaluate(Entries("""
                - policy: no-privileged
                  namespaces: [mesh]
                  allowAnnotation: true
                  owner: security-team
                  reason: mesh only
                  expires: 2027-06-30
            """), Pod("""{"guardrails.dev/exempt.no-privileged": "please"}""", ns: "payments"));

        result.Violations.Should().HaveCount(2);
        result.Exemptions.Should().OnlyContain(u => u.Status == ExemptionStatus.NotAllowed);
    }

    [Fact]
    public void Exemptions_for_unknown_policies_or_rules_do_not_load()
    {
        var (exemptions, problems) = ExemptionLoader.Load(new PolicyFile("x.yaml", Entries("""
                - {policy: no-such-policy, owner: a, reason: b, expires: 2027-01-01}
                - {policy: no-privileged, rule: typo, owner: a, reason: b, expires: 2027-01-01}
                - {policy: no-privileged, reason: b, expires: 2027-13-01}
            """)), Policies);

        exemptions.Should().BeNull();
        problems.Select(p => (p.Line, p.Message)).Should().BeEquivalentTo(new[]
        {
            (6, "no policy 'no-such-policy' is loaded"),
            (7, "policy 'no-privileged' has no rule 'typo' (rules: no-privileged)"),
            (8, "spec.exemptions.2.owner: is required but missing"),
        });
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
