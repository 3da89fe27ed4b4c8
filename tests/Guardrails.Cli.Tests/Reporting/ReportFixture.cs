using System.Text;
using Guardrails.Cli.Checking;
using Guardrails.Cli.PolicySets;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;

namespace Guardrails.Cli.Tests.Reporting;

/// <summary>
/// Small manifests in a fresh folder under the test binaries, named by paths relative to the current directory as a
/// user would type them, and real reports made from them by the same runner <c>guardrails check</c> uses.
/// </summary>
internal sealed class ReportFixture : IDisposable
{
    /// <summary>A Deployment that passes every built-in policy.</summary>
    public const string Good = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: shop
        spec:
          replicas: 2
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              securityContext: {runAsNonRoot: true}
              containers:
              - name: app
                image: registry.example.com/shop/api:1.2.3
                resources:
                  requests: {cpu: 100m, memory: 128Mi}
                  limits: {cpu: 500m, memory: 256Mi}
                readinessProbe: {httpGet: {path: /ready, port: 8080}}
                livenessProbe: {httpGet: {path: /live, port: 8080}}
                securityContext: {allowPrivilegeEscalation: false}

        """;

    /// <summary>
    /// A Deployment with three violations: image-tag/pinned-tag (deny) at 15:9, no-privilege-escalation (warn,
    /// with a patch) at 21:9 and no-privileged (deny) at 22:11.
    /// </summary>
    public const string Bad = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              securityContext: {runAsNonRoot: true}
              containers:
              - name: app
                image: nginx:latest
                resources:
                  requests: {cpu: 100m, memory: 128Mi}
                  limits: {cpu: 500m, memory: 256Mi}
                readinessProbe: {httpGet: {path: /ready, port: 8080}}
                livenessProbe: {httpGet: {path: /live, port: 8080}}
                securityContext:
                  privileged: true

        """;

    /// <summary>
    /// A ConfigMap (no policy applies) at line 1, a string document skipped at 8:1, invalid YAML at 11:1 and a
    /// document without apiVersion and kind skipped at 12:1.
    /// </summary>
    public const string Mixed = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          key: value
        ---
        just a string
        ---
        foo: [unclosed
        ---
        name: no-kind

        """;

    /// <summary>A Pod whose container name holds a control character and markup, and whose image is an unrendered Helm value (9:5).</summary>
    public const string Weird = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: odd
        spec:
          securityContext: {runAsNonRoot: true}
          containers:
          - name: "a\x01<b>&\"c]]>"
            image: "{{ .Values.image }}"
            resources:
              requests: {cpu: 100m, memory: 128Mi}
              limits: {cpu: 500m, memory: 256Mi}
            readinessProbe: {httpGet: {path: /ready, port: 8080}}
            livenessProbe: {httpGet: {path: /live, port: 8080}}
            securityContext: {allowPrivilegeEscalation: false}

        """;

    /// <summary>The container name of <see cref="Weird"/> as parsed.</summary>
    public const string WeirdContainer = "a\u0001<b>&\"c]]>";

    public ReportFixture()
    {
        Root = Path.Combine(AppContext.BaseDirectory, "reporting-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes a file and returns its path as reports show it: relative to the current directory, forward slashes.</summary>
    public string Write(string name, string text)
    {
        var full = Path.Combine(Root, name);
        File.WriteAllText(full, text);
        return Path.GetRelativePath(Environment.CurrentDirectory, full).Replace('\\', '/');
    }

    /// <summary>Runs a check over <paramref name="paths"/> with the built-in pack.</summary>
    public static CheckReport Check(
        IReadOnlyList<string> paths,
        string? exemptions = null,
        PolicyAction failOn = PolicyAction.Deny,
        string standardInput = "")
    {
        var (policies, exemptionSet, problems) = PolicySelection.Load([], exemptions);
        problems.Should().BeEmpty();
        var runner = new CheckRunner(new PolicyEngine(policies!, exemptionSet), PolicySelection.BuiltIn, () => new MemoryStream(Encoding.UTF8.GetBytes(standardInput)));
        return runner.Run(new CheckRequest(paths, "default", new Dictionary<string, Dictionary<string, string>>(), false, failOn));
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
