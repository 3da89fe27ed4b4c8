using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Format;

namespace Guardrails.Cli.Reporting;

/// <summary>The lower-case names reports use, the same as in policy files.</summary>
internal static class ReportNames
{
    public static string Of(PolicyAction action) => action switch
    {
        PolicyAction.Deny => "deny",
        PolicyAction.Warn => "warn",
        _ => "audit",
    };

    public static string Of(Severity severity) => severity switch
    {
        Severity.High => "high",
        Severity.Medium => "medium",
        _ => "low",
    };

    public static string Of(PolicyCategory category) => category switch
    {
        PolicyCategory.Security => "security",
        PolicyCategory.Reliability => "reliability",
        _ => "efficiency",
    };

    public static string Of(ObjectDecision decision) => decision switch
    {
        ObjectDecision.Denied => "denied",
        ObjectDecision.Warned => "warned",
        ObjectDecision.Error => "error",
        _ => "passed",
    };

    public static string Of(ExemptionStatus status) => status switch
    {
        ExemptionStatus.Applied => "applied",
        ExemptionStatus.Expired => "expired",
        _ => "not-allowed",
    };

    public static string Of(ExemptionSource source) => source == ExemptionSource.File ? "file" : "annotation";

    public static string Of(NamespaceLabelSource source) => source switch
    {
        NamespaceLabelSource.Input => "input",
        NamespaceLabelSource.Option => "option",
        NamespaceLabelSource.Assumed => "assumed",
        _ => "unknown",
    };
}
