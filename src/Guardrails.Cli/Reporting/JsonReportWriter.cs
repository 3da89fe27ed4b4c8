using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Guardrails.Cli.Reading;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Exemptions;
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

    /// <summary>The writer options of the report (also those of its spooled fragments, which must match byte for byte).</summary>
    internal static JsonWriterOptions WriterOptions => Options;

    public static void Write(CheckReport report, Stream output)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        WriteDocument(
            writer,
            ReportHead.Of(report),
            objects: w =>
            {
                foreach (var item in report.Objects)
                {
                    WriteObject(w, item);
                }
            },
            skipped: w =>
            {
                foreach (var skipped in report.Files.SelectMany(f => f.Skipped))
                {
                    WriteSkipped(w, skipped);
                }
            },
            inputErrors: w =>
            {
                foreach (var problem in report.Files.SelectMany(f => f.Problems))
                {
                    WriteError(w, problem);
                }
            });
    }

    /// <summary>
    /// The document around its three long arrays, whose elements <paramref name="objects"/>, <paramref name="skipped"/> and
    /// <paramref name="inputErrors"/> write (the errors of the inputs follow those of <see cref="ReportHead.Problems"/>).
    /// </summary>
    internal static void WriteDocument(Utf8JsonWriter writer, ReportHead head, Action<Utf8JsonWriter> objects, Action<Utf8JsonWriter> skipped, Action<Utf8JsonWriter> inputErrors)
    {
        writer.WriteStartObject();
        writer.WriteString("apiVersion", "guardrails.dev/v1");
        writer.WriteString("kind", "CheckReport");
        writer.WriteString("result", head.Summary.ExitCode switch { ExitCodes.Success => "pass", ExitCodes.Violations => "fail", _ => "error" });
        writer.WriteString("failOn", ReportNames.Of(head.FailOn));
        writer.WriteStartObject("policySet");
        writer.WriteString("source", head.PolicyFile);
        writer.WriteString("revision", head.Revision);
        writer.WriteNumber("policies", head.Policies.Policies.Count);
        writer.WriteEndObject();
        WriteSummary(writer, head.Summary);

        writer.WriteStartArray("objects");
        objects(writer);
        writer.WriteEndArray();

        writer.WriteStartArray("skipped");
        skipped(writer);
        writer.WriteEndArray();

        // Only when a folder walk left something out, so reports of ordinary runs keep their exact v1 shape.
        if (head.SkippedPaths.Count > 0)
        {
            writer.WriteStartArray("skippedPaths");
            foreach (var skippedPath in head.SkippedPaths)
            {
                writer.WriteStartObject();
                writer.WriteString("path", skippedPath.Path);
                writer.WriteString("reason", skippedPath.Reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteStartArray("errors");
        foreach (var problem in head.Problems)
        {
            WriteError(writer, problem);
        }

        inputErrors(writer);
        writer.WriteEndArray();

        writer.WriteStartArray("namespaces");
        foreach (var context in head.Namespaces)
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

    /// <summary>What an element of <c>violations</c> says of the violation itself, the same in check's and audit's reports.</summary>
    internal static void WriteViolationFields(Utf8JsonWriter writer, Violation violation)
    {
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
    }

    /// <summary>An element's <c>assumptions</c>.</summary>
    internal static void WriteAssumptions(Utf8JsonWriter writer, Violation violation)
    {
        writer.WriteStartArray("assumptions");
        foreach (var assumption in violation.Assumptions)
        {
            writer.WriteStringValue(assumption);
        }

        writer.WriteEndArray();
    }

    /// <summary>What an element of <c>exemptions</c> says of the exemption itself, the same in check's and audit's reports.</summary>
    internal static void WriteExemptionFields(Utf8JsonWriter writer, ExemptionUse use)
    {
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
    }

    /// <summary>One element of <c>skipped</c>.</summary>
    internal static void WriteSkipped(Utf8JsonWriter writer, SkippedDocument skipped)
    {
        writer.WriteStartObject();
        writer.WriteString("file", skipped.File);
        writer.WriteNumber("line", skipped.Position.Line);
        writer.WriteNumber("column", skipped.Position.Column);
        writer.WriteString("reason", skipped.Reason);
        writer.WriteEndObject();
    }

    /// <summary>One element of <c>errors</c>.</summary>
    internal static void WriteError(Utf8JsonWriter writer, InputProblem problem)
    {
        writer.WriteStartObject();
        writer.WriteString("file", problem.File);
        writer.WriteNumber("line", problem.Line);
        writer.WriteNumber("column", problem.Column);
        writer.WriteString("message", problem.Message);
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

    /// <summary>One element of <c>objects</c>.</summary>
    internal static void WriteObject(Utf8JsonWriter writer, ObjectReport item)
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
            WriteViolationFields(writer, violation);
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
            WriteAssumptions(writer, violation);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("exemptions");
        foreach (var exemption in item.Exemptions)
        {
            writer.WriteStartObject();
            WriteExemptionFields(writer, exemption.Use);
            writer.WriteNumber("line", exemption.Position.Line);
            writer.WriteNumber("column", exemption.Position.Column);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        WriteErrors(writer, item.Result.Errors);
        writer.WritePropertyName("patch");
        PatchOperation.Write(writer, item.Result.Patch);
        writer.WriteEndObject();
    }

    /// <summary>An object's evaluation errors (fail closed: the object is denied), as the check and audit reports write them.</summary>
    internal static void WriteErrors(Utf8JsonWriter writer, IReadOnlyList<EvaluationError> errors)
    {
        writer.WriteStartArray("errors");
        foreach (var error in errors)
        {
            writer.WriteStartObject();
            WriteNullable(writer, "policy", error.PolicyId);
            WriteNullable(writer, "rule", error.RuleId);
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    internal static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
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
