using System.Globalization;
using Guardrails.Cli.Checking;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// The human report: per file, each object with findings and one <c>file:line:column</c> line per violation,
/// then skipped documents and input errors, then one summary line.
/// </summary>
internal static class TextReportWriter
{
    public static void Write(CheckReport report, TextWriter output, TextStyle style)
    {
        foreach (var problem in report.Problems)
        {
            output.WriteLine($"{Location(problem)}: {style.Red("error")}: {Show(problem.Message)}");
        }

        foreach (var skipped in report.SkippedPaths)
        {
            output.WriteLine($"{Show(skipped.Path)}: {style.Dim("skipped")}: {Show(skipped.Reason)}");
        }

        foreach (var file in report.Files)
        {
            var objects = file.Objects.Where(o => o.Findings.Count > 0 || o.Exemptions.Count > 0 || o.Result.Errors.Count > 0).ToList();
            if (objects.Count == 0 && file.Skipped.Count == 0 && file.Problems.Count == 0)
            {
                continue;
            }

            output.WriteLine(style.Bold(Show(file.File)));
            foreach (var item in objects)
            {
                WriteObject(item, output, style);
            }

            foreach (var skipped in file.Skipped)
            {
                output.WriteLine($"  {Show(file.File)}:{skipped.Position}: {style.Dim("skipped")}: {Show(skipped.Reason)}");
            }

            foreach (var problem in file.Problems)
            {
                output.WriteLine($"  {Location(problem)}: {style.Red("error")}: {Show(problem.Message)}");
            }
        }

        WriteNamespaceNote(report, output, style);
        output.WriteLine(SummaryLine(report, style));
    }

    private static void WriteObject(ObjectReport item, TextWriter output, TextStyle style)
    {
        output.WriteLine($"  {Show(item.DisplayName)} (line {item.Position.Line}): {Decision(item.Decision, style)}");
        foreach (var error in item.Result.Errors)
        {
            var rule = error.PolicyId is null ? string.Empty : $"{error.PolicyId}/{error.RuleId} ";
            output.WriteLine($"    {Show(item.File)}:{item.Position}: {style.Red("error")} {Show(rule)}could not be judged: {Show(error.Message)}");
        }

        foreach (var finding in item.Findings)
        {
            var violation = finding.Violation;
            output.WriteLine($"    {Show(item.File)}:{finding.Position}: {Action(violation.Action, style)} {Show(violation.PolicyId)}/{Show(violation.RuleId)}: {Show(violation.Message)}");
            foreach (var assumption in violation.Assumptions)
            {
                output.WriteLine($"      {style.Dim("assumed")}: {Show(assumption)}");
            }

            foreach (var change in violation.Changes)
            {
                output.WriteLine($"      {style.Dim("fixed in the cluster")}: {Show(change.DescribeForManifest())}");
            }

            if (violation.FixWithheld is { } withheld)
            {
                output.WriteLine($"      {style.Dim("not fixed in the cluster")}: {withheld}");
            }
        }

        foreach (var exemption in item.Exemptions)
        {
            output.WriteLine($"    {Show(item.File)}:{exemption.Position}: {Exemption(exemption.Use, style)}");
        }
    }

    private static string Exemption(ExemptionUse use, TextStyle style)
    {
        var by = use.Source == ExemptionSource.File ? $"by {use.Entry}" : $"by annotation{(use.Entry is null ? string.Empty : $", allowed at {use.Entry}")}";
        var owner = use.Owner is null ? string.Empty : $"{use.Owner}: ";
        var expires = use.Expires is { } date ? $" (until {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : string.Empty;
        var rule = Show($"{use.PolicyId}/{use.RuleId}");
        return use.Status switch
        {
            ExemptionStatus.Applied => $"{style.Cyan("exempt")} {rule} {Show(by)}{expires}: {Show(owner)}{Show(use.Reason)}",
            ExemptionStatus.Expired => $"{style.Yellow("exemption expired")} {rule} {Show(by)}{expires}: the finding stands",
            _ => $"{style.Yellow("exemption not allowed")} {rule}: {Show(use.Refusal ?? "no exemption entry allows the annotation")}; the finding stands",
        };
    }

    private static void WriteNamespaceNote(CheckReport report, TextWriter output, TextStyle style)
    {
        if (!report.Policies.Policies.Any(p => p.SelectsNamespacesByLabel))
        {
            return;
        }

        var guessed = report.Namespaces.Where(n => n.Source is NamespaceLabelSource.Assumed or NamespaceLabelSource.Unknown).ToList();
        if (guessed.Count == 0)
        {
            return;
        }

        var names = Show(string.Join(", ", guessed.Select(n => n.Name)));
        var how = guessed[0].Source == NamespaceLabelSource.Unknown
            ? "assumed to match every namespace selector (--strict-namespaces)"
            : "judged as carrying no labels";
        output.WriteLine($"{style.Dim("note")}: labels of namespace{(guessed.Count == 1 ? "" : "s")} {names} were not given and {(guessed.Count == 1 ? "it was" : "they were")} {how}; give them with a Namespace object or --namespace-labels");
    }

    private static string SummaryLine(CheckReport report, TextStyle style)
    {
        var s = report.Summary;
        var parts = new List<string>
        {
            $"{Plural(s.Objects, "object")} in {Plural(s.Files, "file")}: {s.Denied} denied, {s.Warned} warned, {s.Passed} passed{(s.Errored > 0 ? $", {s.Errored} not judged" : "")}",
            $"{Plural(s.DenyViolations + s.WarnViolations + s.AuditViolations, "violation")} ({s.DenyViolations} deny, {s.WarnViolations} warn, {s.AuditViolations} audit)",
        };
        if (s.Skipped > 0)
        {
            parts.Add($"{Plural(s.Skipped, "document")} skipped");
        }

        if (report.SkippedPaths.Count > 0)
        {
            parts.Add($"{Plural(report.SkippedPaths.Count, "path")} skipped");
        }

        if (s.InputProblems > 0)
        {
            parts.Add(style.Red($"{Plural(s.InputProblems, "input error")}"));
        }

        parts.Add($"policies {Show(report.PolicySource)} @ {report.Revision}");
        var verdict = s.ExitCode switch
        {
            ExitCodes.Success => style.Green("PASS"),
            ExitCodes.Violations => style.Red("FAIL"),
            _ => style.Red("ERROR"),
        };
        return $"{verdict} {string.Join("; ", parts)}";
    }

    private static string Location(InputProblem problem) => Show(problem.Line > 0 ? $"{problem.File}:{problem.Line}:{problem.Column}" : problem.File);

    // Everything from the inputs, the policies or the file system passes here: no name or message can start a line.
    private static string Show(string? text) => ReportText.Escape(text);

    private static string Decision(ObjectDecision decision, TextStyle style) => decision switch
    {
        ObjectDecision.Denied => style.Red("denied"),
        ObjectDecision.Warned => style.Yellow("warned"),
        ObjectDecision.Error => style.Red("error"),
        _ => style.Green("passed"),
    };

    private static string Action(PolicyAction action, TextStyle style) => action switch
    {
        PolicyAction.Deny => style.Red("deny"),
        PolicyAction.Warn => style.Yellow("warn"),
        _ => style.Cyan("audit"),
    };

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
