using Guardrails.Engine.Format;
using Guardrails.Webhook.Audit;

namespace Guardrails.Cli.Auditing;

/// <summary>The parsed options of <c>guardrails audit</c>.</summary>
internal sealed record AuditCommandOptions(
    IReadOnlyList<string> Policies,
    string? Exemptions,
    string? Kubeconfig,
    string? Namespace,
    string? Selector,
    IReadOnlyList<string> Formats,
    IReadOnlyList<string> Outputs,
    PolicyAction FailOn,
    bool AsDeny,
    string? OwnerLabel,
    bool WriteReports,
    int PageSize,
    TimeSpan Timeout)
{
    /// <summary>The library's options for this run.</summary>
    public ClusterAuditOptions ToAuditOptions() => new()
    {
        Namespace = Namespace,
        LabelSelector = Selector,
        AsDeny = AsDeny,
        OwnerLabel = OwnerLabel,
        WriteReports = WriteReports,
        PageSize = PageSize,
        Timeout = Timeout,
    };
}
