using Guardrails.Engine.Format;
using System.Globalization;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Exemptions;
using Guardrails.Webhook.Audit;

namespace Guardrails.Cli.Auditing;

/// <summary>
/// The human report of an audit: each object with a finding, an error or an exemption as it is judged (its owner and owner
/// label beside its name), then the summary a platform team reads: compliance per namespace and per owner, the rules broken
/// most, the exemptions in use and when they expire, and one verdict line. Every name and message passes
/// <see cref="ReportText.Escape"/>.
/// </summary>
internal sealed class AuditTextWriter(TextWriter output, TextStyle style) : IAuditSink, IDisposable
{
    private AuditStart? _start;

    public Exception? Failure { get; private set; }

    public void Begin(AuditStart start)
    {
        _start = start;
        var where = start.Namespace is null ? "all namespaces" : $"namespace {start.Namespace}";
        var selector = start.Selector is null ? "" : $", objects matching {start.Selector}";
        var whatIf = start.AsDeny ? "; what-if: every policy judged as deny" : "";
        Put($"{style.Bold("guardrails audit")} of {Show(start.Cluster)} ({Show(where)}{Show(selector)}); policies {Show(start.PolicySource)} @ {start.Revision}{whatIf}{output.NewLine}");
    }

    public void Judged(IReadOnlyList<AuditedObject> objects)
    {
        using var lines = new StringWriter(CultureInfo.InvariantCulture) { NewLine = output.NewLine };
        foreach (var item in objects.Where(o => !o.Compliant || o.Result.Exemptions.Count > 0))
        {
            WriteObject(item, lines);
        }

        Put(lines.ToString());
    }

    public void End(AuditEnd end)
    {
        var start = _start ?? throw new InvalidOperationException("the report has not begun");
        using var lines = new StringWriter(CultureInfo.InvariantCulture) { NewLine = output.NewLine };
        WriteSummary(start, end.Summary, lines);
        lines.WriteLine(VerdictLine(start, end));
        Put(lines.ToString());
        try
        {
            output.Flush();
        }
#pragma warning disable CA1031 // Recorded for the caller, who says which report could not be written.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Failure ??= ex;
        }
    }

    public void Dispose()
    {
        try
        {
            output.Dispose();
        }
        catch (IOException)
        {
            // The report already recorded that it could not write.
        }
    }

    private void WriteObject(AuditedObject item, TextWriter lines)
    {
        var owner = item.Owner is null ? "" : $" (owned by {item.Owner})";
        var label = item.OwnerLabel is null || _start?.OwnerLabel is not { } key ? "" : $" [{key}={item.OwnerLabel}]";
        lines.WriteLine($"{Show(item.DisplayName)}{Show(owner)}{Show(label)}: {Decision(AuditReportText.DecisionOf(item))}");
        foreach (var error in item.Result.Errors)
        {
            var rule = error.PolicyId is null ? string.Empty : $"{error.PolicyId}/{error.RuleId} ";
            lines.WriteLine($"  {style.Red("error")} {Show(rule)}could not be judged: {Show(error.Message)}");
        }

        foreach (var violation in item.Result.Violations)
        {
            lines.WriteLine($"  {Action(violation.Action)} {Show(violation.PolicyId)}/{Show(violation.RuleId)}: {Show(violation.Message)} {style.Dim($"at {Show(violation.Pointer.Length == 0 ? "/" : violation.Pointer)}")}");
        }

        foreach (var use in item.Result.Exemptions)
        {
            var expires = use.Expires is null ? "" : $" until {AuditReportText.Date(use.Expires)}";
            var text = use.Status switch
            {
                ExemptionStatus.Applied => $"{style.Cyan("exempt")} {Show(use.PolicyId)}/{Show(use.RuleId)} by {Show(use.Entry ?? "annotation")}{expires}: {Show(use.Owner is null ? "" : use.Owner + ": ")}{Show(use.Reason)}",
                ExemptionStatus.Expired => $"{style.Yellow("exemption expired")} {Show(use.PolicyId)}/{Show(use.RuleId)} by {Show(use.Entry ?? "annotation")}{expires}: the finding stands",
                _ => $"{style.Yellow("exemption not allowed")} {Show(use.PolicyId)}/{Show(use.RuleId)}: {Show(use.Refusal ?? "no exemption entry allows the annotation")}; the finding stands",
            };
            lines.WriteLine($"  {text}");
        }
    }

    private void WriteSummary(AuditStart start, AuditSummary summary, TextWriter lines)
    {
        lines.WriteLine();
        lines.WriteLine(style.Bold("Compliance by namespace (compliant/judged)"));
        WriteCounts([.. summary.Namespaces.Where(n => n.Objects > 0)], lines);
        if (summary.Namespaces.Count(n => n.Objects == 0) is > 0 and var empty)
        {
            lines.WriteLine($"  {style.Dim($"and {Plural(empty, "namespace")} with nothing the policies match")}");
        }

        if (start.OwnerLabel is { } ownerLabel)
        {
            lines.WriteLine(style.Bold($"Compliance by {Show(ownerLabel)} (the object's label, else its namespace's)"));
            WriteCounts(summary.Owners, lines);
        }

        if (summary.Rules.Count > 0)
        {
            lines.WriteLine(style.Bold("Rules broken most"));
            var shown = summary.Rules.Take(AuditReportText.WorstRules).ToList();
            var width = shown.Max(r => r.PolicyId.Length + r.RuleId.Length + 1);
            foreach (var rule in shown)
            {
                lines.WriteLine($"  {Show($"{rule.PolicyId}/{rule.RuleId}").PadRight(width)}  {Action(rule.Action)}  {Plural(rule.Objects, "object")} in {Plural(rule.Namespaces, "namespace")}");
            }

            if (summary.Rules.Count > shown.Count)
            {
                lines.WriteLine($"  ... and {Plural(summary.Rules.Count - shown.Count, "more rule")}");
            }
        }

        if (summary.Exemptions.Count > 0)
        {
            lines.WriteLine(style.Bold("Exemptions in use (soonest expiry first)"));
            foreach (var use in summary.Exemptions)
            {
                var status = use.Status switch
                {
                    ExemptionStatus.Applied => "",
                    ExemptionStatus.Expired => $" {style.Yellow("expired")}",
                    _ => $" {style.Yellow("not allowed")}",
                };
                var owner = use.Owner is null ? "" : $" ({Show(use.Owner)})";
                lines.WriteLine($"  {Show($"{use.PolicyId}/{use.RuleId}")} by {Show(AuditReportText.By(use))}{owner}, expires {AuditReportText.Date(use.Expires)}{status}: {Plural(use.Objects, "object")}");
            }
        }

        if (summary.ReportedAtOwner > 0)
        {
            lines.WriteLine($"{style.Dim("note")}: {Plural(summary.ReportedAtOwner, "object")} controlled by a judged owner (Pods of ReplicaSets, ReplicaSets of Deployments, Jobs of CronJobs) reported at that owner");
        }

        if (start.NotAudited.Count > 0)
        {
            lines.WriteLine($"{style.Yellow("note")}: not audited: {Show(string.Join(", ", start.NotAudited))} (kinds a policy names that guardrails audit does not list)");
        }
    }

    private static void WriteCounts(IReadOnlyList<ComplianceCount> counts, TextWriter lines)
    {
        if (counts.Count == 0)
        {
            lines.WriteLine("  (none)");
            return;
        }

        var width = counts.Max(c => Show(c.Name).Length);
        foreach (var count in counts)
        {
            lines.WriteLine($"  {Show(count.Name).PadRight(width)}  {count.Compliant,6}/{count.Objects,-6}  {(count.Objects == 0 ? "-" : AuditReportText.Percent(count)),4}");
        }
    }

    private string VerdictLine(AuditStart start, AuditEnd end)
    {
        var s = end.Summary;
        var compliance = new ComplianceCount("", s.Objects, s.Compliant);
        var parts = new List<string>
        {
            $"{Plural(s.Objects, "object")} in {Plural(s.Namespaces.Count(n => n.Name != "(cluster)"), "namespace")}: {s.Denied} denied, {s.Warned} warned, {s.Objects - s.Denied - s.Warned - s.Errored} passed{(s.Errored > 0 ? $", {s.Errored} not judged" : "")}",
            $"{s.Compliant} compliant ({AuditReportText.Percent(compliance)})",
        };
        if (start.AsDeny)
        {
            parts.Add("what-if: every policy as deny");
        }

        parts.Add($"policies {Show(start.PolicySource)} @ {start.Revision}");
        return $"{TextReportWriter.Verdict(end.ExitCode, style)} {string.Join("; ", parts)}";
    }

    private void Put(string text)
    {
        if (Failure is not null || text.Length == 0)
        {
            return;
        }

        try
        {
            output.Write(text);
        }
#pragma warning disable CA1031 // As in End.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Failure = ex;
        }
    }

    private string Decision(ObjectDecision decision) => decision switch
    {
        ObjectDecision.Denied => style.Red("denied"),
        ObjectDecision.Warned => style.Yellow("warned"),
        ObjectDecision.Error => style.Red("error"),
        _ => style.Green("passed"),
    };

    private string Action(PolicyAction action) => action switch
    {
        PolicyAction.Deny => style.Red("deny"),
        PolicyAction.Warn => style.Yellow("warn"),
        _ => style.Cyan("audit"),
    };

    private static string Show(string? text) => ReportText.Escape(text);

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
