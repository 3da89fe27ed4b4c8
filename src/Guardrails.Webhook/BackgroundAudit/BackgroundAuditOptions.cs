namespace Guardrails.Webhook.BackgroundAudit;

/// <summary>
/// The webhook's background audit (<c>serve --audit-interval</c>): every <see cref="Interval"/>, the one replica that holds
/// the Lease audits the cluster, replaces the PolicyReports and updates the <c>guardrails_audit_*</c> metrics. Off when
/// <see cref="Interval"/> is null.
/// </summary>
public sealed class BackgroundAuditOptions
{
    /// <summary>Time from the start of one pass to the start of the next; null (the default) turns the audit off.</summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>The namespace of the Lease (the webhook's own: <c>$POD_NAMESPACE</c> in the chart).</summary>
    public string LeaseNamespace { get; set; } = Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns ? ns : "default";

    /// <summary>The name of the Lease.</summary>
    public string LeaseName { get; set; } = "guardrails-audit";

    /// <summary>How long a holder's renewal holds: a replica that dies is replaced as the auditor after at most this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Who this replica is in the Lease: the pod's name and the process id.</summary>
    public string Identity { get; set; } = $"{Environment.MachineName}_{Environment.ProcessId}";

    /// <summary>Most audit calls to the API server per second (lists and report writes; the Lease's own calls not counted).</summary>
    public double RequestsPerSecond { get; set; } = 20;

    /// <summary>Objects per list call (<c>limit</c>): the most objects held at once.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>Longest one call to the API server may take.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Namespaces reported by name in the metrics; later ones are summed under <c>namespace="(other)"</c>.</summary>
    public int MetricNamespaces { get; set; } = 100;

    /// <summary>Reads an interval as <c>serve --audit-interval</c> takes it: <c>30s</c>, <c>10m</c>, <c>1h30m</c> (units h, m, s, ms).</summary>
    /// <param name="text">The text given.</param>
    /// <param name="interval">The interval, when it is one.</param>
    /// <returns>False when <paramref name="text"/> is not a duration.</returns>
    public static bool TryParseInterval(string? text, out TimeSpan interval) => DurationText.TryParse(text, out interval);

    /// <summary>Every problem with these settings, named by <c>guardrails serve</c>'s flags; empty when usable or off.</summary>
    public IReadOnlyList<string> Validate()
    {
        if (Interval is not { } interval)
        {
            return [];
        }

        var problems = new List<string>();
        if (interval < TimeSpan.FromSeconds(1))
        {
            problems.Add($"--audit-interval must be at least 1s, not {DurationText.Format(interval)}");
        }

        if (!(RequestsPerSecond > 0 && double.IsFinite(RequestsPerSecond)))
        {
            problems.Add($"--audit-rate must be a positive number of calls per second, not {RequestsPerSecond}");
        }

        if (string.IsNullOrWhiteSpace(LeaseNamespace) || string.IsNullOrWhiteSpace(LeaseName) || string.IsNullOrWhiteSpace(Identity))
        {
            problems.Add("--audit-lease-namespace, the Lease's name and the replica's identity must not be empty");
        }

        if (LeaseDuration < TimeSpan.FromSeconds(3) || PageSize <= 0 || CallTimeout <= TimeSpan.Zero || MetricNamespaces < 0)
        {
            problems.Add("the background audit's lease duration must be at least 3 s, its page size, call timeout and metric namespaces positive");
        }

        return problems;
    }
}
