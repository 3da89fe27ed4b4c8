using System.Globalization;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Exemptions;
using Guardrails.Webhook.Audit;

namespace Guardrails.Cli.Auditing;

/// <summary>The words the audit's reports share.</summary>
internal static class AuditReportText
{
    /// <summary>How many of the rules broken most the summary lists.</summary>
    public const int WorstRules = 10;

    public static string Percent(ComplianceCount count) => count.Ratio.ToString("0%", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "never";

    /// <summary><c>exemptions.yaml entry 3</c>, or <c>annotation</c>.</summary>
    public static string By(ExemptionCount use) => use.Source == ExemptionSource.File
        ? use.Entry ?? "the exemptions file"
        : use.Entry is null ? "annotation" : $"annotation, allowed at {use.Entry}";

    /// <summary>The decision on an object as check names it (<see cref="Engine.Hosts.Verdict.Of"/>).</summary>
    public static ObjectDecision DecisionOf(AuditedObject item) => Engine.Hosts.Verdict.Of(item.Result) switch
    {
        Engine.Hosts.Judgement.Passed => ObjectDecision.Passed,
        Engine.Hosts.Judgement.Warned => ObjectDecision.Warned,
        Engine.Hosts.Judgement.Denied => ObjectDecision.Denied,
        _ => ObjectDecision.Error,
    };
}
