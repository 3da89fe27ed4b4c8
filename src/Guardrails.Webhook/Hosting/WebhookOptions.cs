using Guardrails.Webhook.BackgroundAudit;
using Guardrails.Webhook.PolicyReload;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// Settings of the Guardrails admission webhook (<c>guardrails serve</c>), bound through the options pattern by
/// <see cref="GuardrailsWebhookServiceCollectionExtensions.AddGuardrailsWebhook"/> and validated when the host starts
/// (<see cref="Validate"/>): a host with unusable settings does not start.
/// </summary>
public sealed record WebhookOptions
{
    /// <summary>Address to listen on.</summary>
    public string Address { get; set; } = "0.0.0.0";

    /// <summary>HTTPS port (0 picks a free one, for tests).</summary>
    public int Port { get; set; } = 8443;

    /// <summary>
    /// Plain-HTTP port serving only <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>, so Prometheus need not trust
    /// the webhook's CA; none when null (the HTTPS port serves <c>/metrics</c> as well).
    /// </summary>
    public int? MetricsPort { get; set; }

    /// <summary>
    /// Break glass: every deny is answered as an admission with warnings (and an audit annotation), so a policy that
    /// locks the cluster can be disarmed without uninstalling the webhook.
    /// </summary>
    public bool BreakGlass { get; set; }

    /// <summary>PEM certificate (chain) file, e.g. the mounted Secret's <c>tls.crt</c>; reloaded when it changes.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key file, e.g. <c>tls.key</c>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Generate a CA and serving certificate instead of reading files (the CA bundle is printed to standard output).</summary>
    public bool SelfSigned { get; set; }

    /// <summary>Names the self-signed certificate is valid for.</summary>
    public IReadOnlyList<string> SelfSignedNames { get; set; } = ["localhost"];

    /// <summary>Where to write the self-signed CA and certificate, if anywhere.</summary>
    public string? SelfSignedOutput { get; set; }

    /// <summary>Largest admission review accepted; the API server sends at most 3 MiB objects.</summary>
    public long MaxRequestBytes { get; set; } = 3 * 1024 * 1024 + 64 * 1024;

    /// <summary>Longest an evaluation may take; less when the API server's own timeout is shorter.</summary>
    public TimeSpan EvaluationTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>After SIGTERM, how long to keep serving (endpoints are removed from Services meanwhile).</summary>
    public TimeSpan DrainPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After the drain, how long in-flight requests may take to finish.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Loads the policy files (and exemptions) into an engine: called once at start and again after each change of
    /// <see cref="PolicyFiles"/>, never concurrently. Required.
    /// </summary>
    public Func<EngineLoadResult>? LoadPolicies { get; set; }

    /// <summary>The policy folders and files and the exemptions file, watched for changes; empty for a pack that never changes.</summary>
    public IReadOnlyList<string> PolicyFiles { get; set; } = [];

    /// <summary>What the policies are, for the start-up log line (for example <c>built-in</c> or the folders).</summary>
    public string PolicySourceDescription { get; set; } = "given";

    /// <summary>
    /// Read namespace labels and HorizontalPodAutoscalers from the cluster (the default). When false, namespace labels
    /// come from <see cref="NamespaceLabels"/> and no workload has an autoscaler.
    /// </summary>
    public bool UseCluster { get; set; } = true;

    /// <summary>Kubeconfig file for the cluster; in-cluster configuration, <c>$KUBECONFIG</c> or <c>~/.kube/config</c> when null.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Without the cluster: labels of namespaces by name.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> NamespaceLabels { get; set; } = new Dictionary<string, Dictionary<string, string>>();

    /// <summary>Without the cluster: namespaces not in <see cref="NamespaceLabels"/> have unknown labels (every namespace selector is assumed to match).</summary>
    public bool StrictNamespaces { get; set; }

    /// <summary>The background audit (<c>--audit-interval</c>); off unless its interval is set.</summary>
    public BackgroundAuditOptions Audit { get; set; } = new();

    /// <summary>Every problem with these settings, named by <c>guardrails serve</c>'s flags; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>(Audit.Validate());
        if (!System.Net.IPAddress.TryParse(Address, out _))
        {
            problems.Add($"--address {Address} is not an IP address (0.0.0.0 listens on all IPv4 addresses, :: on all)");
        }

        if (Port is < 0 or > 65535)
        {
            problems.Add($"--port {Port} is not a TCP port");
        }

        if (MetricsPort is { } metrics && (metrics is < 1 or > 65535 || metrics == Port))
        {
            problems.Add($"--metrics-port {metrics} must be a TCP port other than --port");
        }

        if (SelfSigned && (CertificateFile is not null || KeyFile is not null))
        {
            problems.Add("--self-signed and --tls-cert/--tls-key exclude each other");
        }

        if (!SelfSigned && (CertificateFile is null || KeyFile is null))
        {
            problems.Add("HTTPS needs --tls-cert and --tls-key (the mounted Secret's tls.crt and tls.key), or --self-signed for local use");
        }

        if (EvaluationTimeout <= TimeSpan.Zero || DrainPeriod < TimeSpan.Zero || ShutdownTimeout <= TimeSpan.Zero)
        {
            problems.Add("timeouts must be positive");
        }

        if (LoadPolicies is null)
        {
            problems.Add("no policies: WebhookOptions.LoadPolicies is not set");
        }

        return problems;
    }

    /// <summary>Problems of the cluster settings, named by <c>guardrails serve</c>'s flags; empty when they are usable.</summary>
    public IReadOnlyList<string> ValidateCluster()
    {
        var problems = new List<string>();
        if (UseCluster && (NamespaceLabels.Count > 0 || StrictNamespaces))
        {
            problems.Add("--namespace-labels and --strict-namespaces need --no-cluster (in a cluster the labels come from the cluster)");
        }

        if (!UseCluster && Audit.Interval is not null)
        {
            problems.Add("--audit-interval and --no-cluster exclude each other (the audit reads the cluster)");
        }

        if (!UseCluster && Kubeconfig is not null)
        {
            problems.Add("--kubeconfig and --no-cluster exclude each other");
        }

        return problems;
    }
}
