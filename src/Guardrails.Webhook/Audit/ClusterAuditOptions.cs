namespace Guardrails.Webhook.Audit;

/// <summary>What one audit of a cluster reads and writes (<c>guardrails audit</c>, or a pass of the webhook's background audit).</summary>
public sealed class ClusterAuditOptions
{
    /// <summary>One namespace only, or null for every namespace and the cluster-scoped kinds.</summary>
    public string? Namespace { get; set; }

    /// <summary>A label selector the objects listed must match (<c>app=web,tier!=cache</c>), or null for all.</summary>
    public string? LabelSelector { get; set; }

    /// <summary>What-if: every finding counts as a denial, as if every policy's action were <c>deny</c>.</summary>
    public bool AsDeny { get; set; }

    /// <summary>The label that names who owns a workload (<c>team</c>), read on the object, else on its namespace; null for none.</summary>
    public string? OwnerLabel { get; set; }

    /// <summary>
    /// Write a <c>wgpolicyk8s.io/v1alpha2</c> <c>PolicyReport</c> per namespace (and a <c>ClusterPolicyReport</c>), each replaced
    /// whole. Cannot be combined with <see cref="LabelSelector"/>: a report replaced whole would lose the objects left out.
    /// </summary>
    public bool WriteReports { get; set; }

    /// <summary>Objects per list call (<c>limit</c>); the audit holds one page at a time.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>Longest one call to the API server may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most calls to the API server per second; null for no limit (<c>guardrails audit</c> run by hand).</summary>
    public double? RequestsPerSecond { get; set; }

    /// <summary>Every problem with these settings, named by the flags of <c>guardrails audit</c>; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (PageSize <= 0)
        {
            problems.Add($"--page-size must be a positive number, not {PageSize}");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            problems.Add("--timeout-seconds must be more than 0");
        }

        if (RequestsPerSecond is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            problems.Add($"the audit's rate of API calls must be a positive number per second, not {rate}");
        }

        if (WriteReports && LabelSelector is not null)
        {
            problems.Add("--write-reports cannot be used with --selector: a namespace's PolicyReport is replaced whole, and would lose the results of the objects the selector leaves out");
        }

        return problems;
    }
}
