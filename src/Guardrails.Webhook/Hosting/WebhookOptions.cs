namespace Guardrails.Webhook.Hosting;

/// <summary>Settings of <c>guardrails serve</c>, validated before the server starts.</summary>
internal sealed record WebhookOptions
{
    /// <summary>Address to listen on.</summary>
    public string Address { get; init; } = "0.0.0.0";

    /// <summary>HTTPS port (0 picks a free one, for tests).</summary>
    public int Port { get; init; } = 8443;

    /// <summary>
    /// Plain-HTTP port serving only <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>, so Prometheus need not trust
    /// the webhook's CA; none when null (the HTTPS port serves <c>/metrics</c> as well).
    /// </summary>
    public int? MetricsPort { get; init; }

    /// <summary>
    /// Break glass: every deny is answered as an admission with warnings (and an audit annotation), so a policy that
    /// locks the cluster can be disarmed without uninstalling the webhook.
    /// </summary>
    public bool BreakGlass { get; init; }

    /// <summary>PEM certificate (chain) file, e.g. the mounted Secret's <c>tls.crt</c>.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>PEM private key file, e.g. <c>tls.key</c>.</summary>
    public string? KeyFile { get; init; }

    /// <summary>Generate a CA and serving certificate instead of reading files.</summary>
    public bool SelfSigned { get; init; }

    /// <summary>Names the self-signed certificate is valid for.</summary>
    public IReadOnlyList<string> SelfSignedNames { get; init; } = ["localhost"];

    /// <summary>Where to write the self-signed CA and certificate, if anywhere.</summary>
    public string? SelfSignedOutput { get; init; }

    /// <summary>Largest admission review accepted; the API server sends at most 3 MiB objects.</summary>
    public long MaxRequestBytes { get; init; } = 3 * 1024 * 1024 + 64 * 1024;

    /// <summary>Longest an evaluation may take; less when the API server's own timeout is shorter.</summary>
    public TimeSpan EvaluationTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>After SIGTERM, how long to keep serving (endpoints are removed from Services meanwhile).</summary>
    public TimeSpan DrainPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>After the drain, how long in-flight requests may take to finish.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Also serve <c>POST /baseline</c>: reads the body and answers a fixed review without parsing or judging it, to
    /// measure what TLS and HTTP alone cost (the transport limit of the load benchmark); with <c>?read=tokens</c> or
    /// <c>?read=document</c> it also reads the body as JSON, the floors under parsing it. Never on in a cluster.
    /// </summary>
    public bool BaselineEndpoint { get; init; }

    /// <summary>Every problem with these settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
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

        return problems;
    }
}
