using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Guardrails.Engine.Patching;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// The machine report: <c>guardrails.dev/v1</c> <c>CheckReport</c>, described by
/// <c>docs/schemas/check-report-v1.schema.json</c>. Fields are only ever added within v1.
/// </summary>
internal static class JsonReportWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Reports are read by tools, not embedded in HTML: keep '<', '>' and '+' readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(CheckReport report, Stream output)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartObject();
        writer.WriteString("apiVersion", "guardrails.dev/v1");
        writer.WriteString("kind", "CheckReport");
        writer.WriteString("result", report.Summary.ExitCode switch { ExitCodes.Success => "pass", ExitCodes.Violations => "fail", _ => "error" });
        writer.WriteString("failOn", ReportNames.Of(report.FailOn));
        writer.WriteStartObject("policySet");
        writer.WriteString("source", report.PolicySource);
        writer.WriteString("revision", report.Revision);
        writer.WriteNumber("policies", report.Policies.Policies.Count);
        writer.WriteEndObject();
        WriteSummary(writer, report.Summary);

        writer.WriteStartArray("objects");
        foreach (var item in report.Objects)
        {
            WriteObject(writer, item);
        }

        writer.WriteEndArray();

        writer.WriteStartArray("skipped");
        foreach (var skipped in report.Files.SelectMany(f => f.Skipped))
        {
            writer.WriteStartObject();
            writer.WriteString("file", skipped.File);
            writer.WriteNumber("line", skipped.Position.Line);
            writer.WriteNumber("column", skipped.Position.Column);
            writer.WriteString("reason", skipped.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        // Only when a folder walk left something out, so reports of ordinary runs keep their exact v1 shape.
        if (report.SkippedPaths.Count > 0)
        {
            writer.WriteStartArray("skippedPaths");
            foreach (var skipped in report.SkippedPaths)
            {
                writer.WriteStartObject();
                writer.WriteString("path", skipped.Path);
                writer.WriteString("reason", skipped.Reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteStartArray("errors");
        foreach (var problem in report.AllProblems)
        {
            writer.WriteStartObject();
            writer.WriteString("file", problem.File);
            writer.WriteNumber("line", problem.Line);
            writer.WriteNumber("column", problem.Column);
            writer.WriteString("message", problem.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("namespaces");
        foreach (var context in report.Namespaces)
        {
            writer.WriteStartObject();
            writer.WriteString("name", context.Name);
            writer.WriteString("labelsFrom", ReportNames.Of(context.Source));
            writer.WriteStartObject("labels");
            foreach (var (key, value) in context.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter writer, CheckSummary summary)
    {
        writer.WriteStartObject("summary");
        writer.WriteNumber("files", summary.Files);
        writer.WriteNumber("objects", summary.Objects);
        writer.WriteNumber("denied", summary.Denied);
        writer.WriteNumber("warned", summary.Warned);
        writer.WriteNumber("passed", summary.Passed);
        writer.WriteNumber("notJudged", summary.Errored);
        writer.WriteStartObject("violations");
        writer.WriteNumber("deny", summary.DenyViolations);
        writer.WriteNumber("warn", summary.WarnViolations);
        writer.WriteNumber("audit", summary.AuditViolations);
        writer.WriteEndObject();
        writer.WriteNumber("skipped", summary.Skipped);
        writer.WriteNumber("errors", summary.InputProblems);
        writer.WriteEndObject();
    }

    private static void WriteObject(Utf8JsonWriter writer, ObjectReport item)
    {
        writer.WriteStartObject();
        writer.WriteString("file", item.File);
        writer.WriteNumber("line", item.Position.Line);
        writer.WriteNumber("column", item.Position.Column);
        writer.WriteNumber("document", item.Document);
        writer.WriteString("sourcePointer", item.SourcePointer);
        writer.WriteString("apiVersion", item.ApiVersion);
        writer.WriteString("kind", item.Kind);
        WriteNullable(writer, "namespace", item.Namespace);
        writer.WriteString("name", item.Name);
        writer.WriteString("decision", ReportNames.Of(item.Decision));
        writer.WriteStartArray("appliedPolicies");
        foreach (var policy in item.Result.AppliedPolicies)
        {
            writer.WriteStringValue(policy);
        }

        writer.WriteEndArray();

        writer.WriteStartArray("violations");
        foreach (var finding in item.Findings)
        {
            var violation = finding.Violation;
            writer.WriteStartObject();
            writer.WriteString("policy", violation.PolicyId);
            writer.WriteString("rule", violation.RuleId);
            writer.WriteString("action", ReportNames.Of(violation.Action));
            writer.WriteString("severity", ReportNames.Of(violation.Severity));
            writer.WriteString("category", ReportNames.Of(violation.Category));
            writer.WriteString("message", violation.Message);
            WriteNullable(writer, "remediation", violation.Remediation);
            writer.WriteString("pointer", violation.Pointer);
            writer.WriteString("detail", violation.Detail);
            WriteNullable(writer, "container", violation.Container);
            WriteNullable(writer, "containerType", violation.ContainerType);
            writer.WriteString("file", item.File);
            writer.WriteNumber("line", finding.Position.Line);
            writer.WriteNumber("column", finding.Position.Column);
            writer.WritePropertyName("patch");
            PatchOperation.Write(writer, violation.Patch);
            writer.WriteBoolean("fixedInCluster", violation.Changes.Count > 0);
            writer.WriteStartArray("sets");
            foreach (var change in violation.Changes)
            {
                writer.WriteStartObject();
                writer.WriteString("pointer", change.Pointer);
                writer.WriteString("field", change.Field);
                writer.WriteBoolean("onlyWhenApplied", change.OnlyWhenApplied);
                writer.WritePropertyName("value");
                change.Value.WriteTo(writer);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            WriteNullable(writer, "notFixedReason", violation.FixWithheld);
            writer.WriteStartArray("assumptions");
            foreach (var assumption in violation.Assumptions)
            {
                writer.WriteStringValue(assumption);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("exemptions");
        foreach (var exemption in item.Exemptions)
        {
            var use = exemption.Use;
            writer.WriteStartObject();
            writer.WriteString("policy", use.PolicyId);
            writer.WriteString("rule", use.RuleId);
            writer.WriteString("pointer", use.Pointer);
            writer.WriteString("status", ReportNames.Of(use.Status));
            writer.WriteString("source", ReportNames.Of(use.Source));
            WriteNullable(writer, "owner", use.Owner);
            writer.WriteString("reason", use.Reason);
            WriteNullable(writer, "expires", use.Expires?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            WriteNullable(writer, "entry", use.Entry);
            WriteNullable(writer, "refusal", use.Refusal);
            writer.WriteNumber("line", exemption.Position.Line);
            writer.WriteNumber("column", exemption.Position.Column);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("errors");
        foreach (var error in item.Result.Errors)
        {
            writer.WriteStartObject();
            WriteNullable(writer, "policy", error.PolicyId);
            WriteNullable(writer, "rule", error.RuleId);
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WritePropertyName("patch");
        PatchOperation.Write(writer, item.Result.Patch);
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
