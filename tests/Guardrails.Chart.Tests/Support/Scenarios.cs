namespace Guardrails.Chart.Tests.Support;

/// <summary>Values the chart is rendered with in the tests: the defaults, cert-manager, and every optional part switched on.</summary>
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
          extraEnv:
            - name: OTEL_EXPORTER_OTLP_ENDPOINT
              value: http://otel-collector.monitoring:4317
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

    public static TheoryData<string> All => new() { "default", "cert-manager", "everything", "extra-policies-only" };

    public static string Named(string name) => name switch
    {
        "default" => Default,
        "cert-manager" => CertManager,
        "everything" => Everything,
        "extra-policies-only" => ExtraPoliciesOnly,
        _ => throw new ArgumentException($"no scenario {name}", nameof(name)),
    };

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.TrimEnd('\n').Split('\n').Select(line => line.Length == 0 ? line : new string(' ', spaces) + line));
}
