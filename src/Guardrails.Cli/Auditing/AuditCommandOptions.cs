using Guardrails.Engine.Format;
using Guardrails.Engine.Policies;

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
    TimeSpan Timeout);
