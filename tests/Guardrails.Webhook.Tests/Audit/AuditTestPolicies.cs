using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Policies;

namespace Guardrails.Webhook.Tests.Audit;

/// <summary>Two small policies (one deny, one warn) and an exemption, for the audit's unit tests.</summary>
internal static class AuditTestPolicies
{
    private const string Pinned = """
        apiVersion: guardrails.dev/v1
        kind: Policy
        metadata: {name: pinned}
        spec:
          title: Images are pinned
          description: Images name a tag.
          category: reliability
          severity: medium
          action: deny
          rules:
            - id: tag
              title: Image has a tag
              description: Images name a numbered tag.
              target: container
              schema:
                required: [image]
                properties:
                  image: {type: string, pattern: ":[0-9]"}
              message: "{{name}} is not pinned"
        """;

    private const string Probes = """
        apiVersion: guardrails.dev/v1
        kind: Policy
        metadata: {name: probes}
        spec:
          title: Probes
          description: Containers have a readiness probe.
          category: reliability
          severity: low
          action: warn
          rules:
            - id: readiness
              title: Readiness probe
              description: Containers have a readiness probe.
              target: container
              containerTypes: [containers]
              schema:
                required: [readinessProbe]
              message: "{{name}} has no readiness probe"
        """;

    public static PolicySet Policies { get; } = Loaded();

    public static ExemptionSet Exemptions(string expires)
    {
        var text = $$"""
            apiVersion: guardrails.dev/v1
            kind: Exemptions
            metadata: {name: test}
            spec:
              exemptions:
                - policy: pinned
                  names: [legacy]
                  owner: legacy-team
                  reason: migrating
                  expires: {{expires}}
            """;
        var (exemptions, problems) = ExemptionLoader.Load(new PolicyFile("exemptions.yaml", text), Policies);
        return exemptions ?? throw new InvalidOperationException(string.Join("\n", problems));
    }

    private static PolicySet Loaded()
    {
        var result = PolicyLoader.Load([new PolicyFile("pinned/policy.yaml", Pinned), new PolicyFile("probes/policy.yaml", Probes)]);
        return result.PolicySet ?? throw new InvalidOperationException(string.Join("\n", result.Problems));
    }
}
