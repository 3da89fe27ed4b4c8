using Guardrails.Chart.Tests.Helm;

namespace Guardrails.Chart.Tests.Support;

/// <summary>
/// A values combination the chart is rendered with, with the release it is installed as, and the names that follow:
/// <paramref name="AppName"/> is the app.kubernetes.io/name label, <paramref name="FullName"/> the objects' name, and
/// <paramref name="Mutating"/> whether the mutating webhook is registered.
/// </summary>
internal sealed record Scenario(
    string Name,
    string Values,
    string ReleaseName = RenderRequest.DefaultRelease,
    string AppName = "guardrails",
    string FullName = "guardrails",
    bool Mutating = true)
{
    public RenderRequest Request => new(Values, ReleaseName);

    public override string ToString() => Name;
}

/// <summary>
/// The values combinations every scenario test runs (lint, template with both Helm majors, the majors compared, the
/// webhook and label invariants, the built-in pack over the output): the defaults, and each branch of the templates.
/// </summary>
internal static class Scenarios
{
    public const string Default = "";

    public const string CertManager = """
        certManager:
          enabled: true
        """;

    public const string ExtraPolicy = """
        apiVersion: guardrails.dev/v1
        kind: Policy
        metadata:
          name: read-only-root-filesystem
        spec:
          title: Containers have a read-only root file system
          description: A writable root file system lets an intruder replace the image's binaries.
          category: security
          severity: medium
          action: deny
          rules:
            - id: read-only-root
              target: container
              schema:
                required: [securityContext]
                properties:
                  securityContext:
                    required: [readOnlyRootFilesystem]
                    properties:
                      readOnlyRootFilesystem: {const: true}
              message: "{{containerType}} {{name}} may write to its root file system"

        """;

    public const string Exemptions = """
        apiVersion: guardrails.dev/v1
        kind: Exemptions
        metadata:
          name: platform
        spec:
          exemptions:
            - policy: no-host-path
              kinds: [DaemonSet]
              namespaces: [monitoring]
              names: [node-exporter]
              owner: platform-team
              reason: node-exporter reads host metrics from /proc and /sys
              expires: 2099-12-31

        """;

    /// <summary>Every optional part on: cert-manager, break glass, ServiceMonitor, extra policies and exemptions, and the pod extras.</summary>
    public static readonly string Everything = $"""
        certManager:
          enabled: true
        breakGlass: true
        serviceMonitor:
          enabled: true
          labels:
            release: prometheus
        policies:
          extra:
            read-only-root.yaml: |
        {Indent(ExtraPolicy, 6)}
        exemptions: |
        {Indent(Exemptions, 2)}
        webhook:
          excludedNamespaces: [legacy, sandbox]
        image:
          digest: sha256:{new string('a', 64)}
        server:
          extraArgs: ["--address", "::"]
          extraEnv:
            - name: OTEL_EXPORTER_OTLP_ENDPOINT
              value: http://otel-collector.monitoring:4317
        serviceAccount:
          create: true
          name: ""
          annotations:
            example.com/role: admission-webhook
        podAnnotations:
          example.com/owner: platform
        podLabels:
          team: platform
        priorityClassName: system-cluster-critical
        imagePullSecrets:
          - name: registry
        tolerations:
          - key: dedicated
            operator: Equal
            value: platform
            effect: NoSchedule
        nodeSelector:
          kubernetes.io/os: linux
        """;

    /// <summary>Only the extra policies: the built-in pack switched off.</summary>
    public static readonly string ExtraPoliciesOnly = $"""
        policies:
          builtIn: false
          extra:
            read-only-root.yaml: |
        {Indent(ExtraPolicy, 6)}
        """;

    /// <summary>The built-in pack and exemptions, no extra policy: the exemptions mount without the policies mount.</summary>
    public static readonly string ExemptionsOnly = $"""
        exemptions: |
        {Indent(Exemptions, 2)}
        """;

    /// <summary>Only the validating webhook.</summary>
    public const string WithoutMutating = """
        webhook:
          mutating:
            enabled: false
        """;

    /// <summary>Every part that can be switched off is off, and the affinity is the user's.</summary>
    public const string PartsOff = """
        rbac:
          create: false
        serviceAccount:
          create: false
          name: platform-webhook
        podDisruptionBudget:
          enabled: false
          maxUnavailable: 1
        topologySpread:
          enabled: false
          maxSkew: 1
          whenUnsatisfiable: ScheduleAnyway
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions:
                    - key: kubernetes.io/os
                      operator: In
                      values: [linux]
        """;

    /// <summary>A release named other than the chart, with the chart name overridden, and the image's tag and pull policy set.</summary>
    public const string Renamed = """
        nameOverride: policy-webhook
        image:
          repository: registry.example.com/platform/guardrails
          tag: 0.1.0-rc.1
          digest: ""
          pullPolicy: Always
        """;

    /// <summary>The audit's RBAC, with one extra rule.</summary>
    public const string Audit = """
        audit:
          rbac:
            create: true
            extraRules:
              - apiGroups: [""]
                resources: ["services"]
                verbs: ["list", "watch"]
        """;

    /// <summary>The webhook's background audit on.</summary>
    public const string BackgroundAudit = """
        audit:
          interval: 10m
          rate: 5
        """;

    private static readonly Scenario[] Known =
    [
        new("default", Default),
        new("cert-manager", CertManager),
        new("everything", Everything),
        new("extra-policies-only", ExtraPoliciesOnly),
        new("exemptions-only", ExemptionsOnly),
        new("without-mutating", WithoutMutating, Mutating: false),
        new("parts-off", PartsOff),
        new("audit", Audit),
        new("background-audit", BackgroundAudit),
        new("renamed", Renamed, ReleaseName: "prod", AppName: "policy-webhook", FullName: "prod-policy-webhook"),
    ];

    public static IEnumerable<Scenario> Every => Known;

    public static TheoryData<string> All => [.. Known.Select(s => s.Name)];

    public static Scenario Named(string name) =>
        Known.SingleOrDefault(s => s.Name == name) ?? throw new ArgumentException($"no scenario {name}", nameof(name));

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.TrimEnd('\n').Split('\n').Select(line => line.Length == 0 ? line : new string(' ', spaces) + line));
}
