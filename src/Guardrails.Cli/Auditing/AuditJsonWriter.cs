using System.Text.Encodings.Web;
using System.Text.Json;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;
using Guardrails.Webhook.Audit;

namespace Guardrails.Cli.Auditing;

/// <summary>
/// The machine report of an audit, <c>guardrails.dev/v1</c> <c>AuditReport</c>: written straight to its output as the audit
/// goes (each page's objects, then the summary and the result at the end), so memory holds one page whatever the cluster.
/// Its objects carry what check's JSON report carries for an object (decision, violations, exemptions, errors), plus the
/// owner and the owner label; <c>docs/audit.md</c> describes every field.
/// </summary>
internal sealed class AuditJsonWriter : IAuditSink, IDisposable
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Stream _output;
    private readonly Utf8JsonWriter _writer;
    private bool _ended;

    public AuditJsonWriter(Stream output)
    {
        _output = output;
        _writer = new Utf8JsonWriter(output, Options);
    }

    public Exception? Failure { get; private set; }

    public void Begin(AuditStart start) => Guard(() =>
    {
        _writer.WriteStartObject();
        _writer.WriteString("apiVersion", "guardrails.dev/v1");
        _writer.WriteString("kind", "AuditReport");
        _writer.WriteString("cluster", start.Cluster);
        WriteNullable("namespace", start.Namespace);
        WriteNullable("selector", start.Selector);
        WriteNullable("as", start.AsDeny ? "deny" : null);
        _writer.WriteString("failOn", ReportNames.Of(start.FailOn));
        WriteNullable("ownerLabel", start.OwnerLabel);
        _writer.WriteStartObject("policySet");
        _writer.WriteString("source", start.PolicySource);
        _writer.WriteString("revision", start.Revision);
        _writer.WriteNumber("policies", start.Policies.Policies.Count);
        _writer.WriteEndObject();
        _writer.WriteStartArray("notAudited");
        foreach (var kind in start.NotAudited)
        {
            _writer.WriteStringValue(kind);
        }

        _writer.WriteEndArray();
        _writer.WriteStartArray("objects");
    });

    public void Judged(IReadOnlyList<AuditedObject> objects) => Guard(() =>
    {
        foreach (var item in objects)
        {
            WriteObject(_writer, item);
        }

        _writer.Flush();
    });

    public void End(AuditEnd end) => Guard(() =>
    {
        _writer.WriteEndArray();
        WriteSummary(_writer, end.Summary);
        _writer.WriteNumber("failing", end.Failing);
        _writer.WriteString("result", end.ExitCode switch { ExitCodes.Success => "pass", ExitCodes.Violations => "fail", _ => "error" });
        _writer.WriteEndObject();
        _writer.Flush();
        _output.WriteByte((byte)'\n');
        _output.Flush();
        _ended = true;
    });

    public void Dispose()
    {
        if (!_ended)
        {
            // An audit that failed leaves no half document behind what was already written: its error says why.
            _writer.Reset(Stream.Null);
        }

        _writer.Dispose();
        _output.Dispose();
    }

    internal static void WriteObject(Utf8JsonWriter writer, AuditedObject item)
    {
        writer.WriteStartObject();
        writer.WriteString("apiVersion", item.ApiVersion);
        writer.WriteString("kind", item.Kind);
        WriteNullable(writer, "namespace", item.Namespace);

        writer.WriteString("name", item.Name);
        if (item.Owner is { } owner)
        {
            writer.WriteStartObject("owner");
            writer.WriteString("apiVersion", owner.ApiVersion);
            writer.WriteString("kind", owner.Kind);
            writer.WriteString("name", owner.Name);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("owner");
        }

        WriteNullable(writer, "ownerLabel", item.OwnerLabel);

        writer.WriteString("decision", ReportNames.Of(AuditReportText.DecisionOf(item)));
        writer.WriteBoolean("compliant", item.Compliant);
        writer.WriteStartArray("violations");
        foreach (var violation in item.Result.Violations)
        {
            WriteViolation(writer, violation);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("exemptions");
        foreach (var use in item.Result.Exemptions)
        {
            writer.WriteStartObject();
            JsonReportWriter.WriteExemptionFields(writer, use);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        JsonReportWriter.WriteErrors(writer, item.Result.Errors);
        writer.WriteEndObject();
    }

    private static void WriteViolation(Utf8JsonWriter writer, Violation violation)
    {
        writer.WriteStartObject();
        JsonReportWriter.WriteViolationFields(writer, violation);
        JsonReportWriter.WriteAssumptions(writer, violation);
        writer.WriteEndObject();
    }

    internal static void WriteSummary(Utf8JsonWriter writer, AuditSummary summary)
    {
        writer.WriteStartObject("summary");
        writer.WriteNumber("objects", summary.Objects);
        writer.WriteNumber("compliant", summary.Compliant);
        writer.WriteNumber("denied", summary.Denied);
        writer.WriteNumber("warned", summary.Warned);
        writer.WriteNumber("passed", summary.Objects - summary.Denied - summary.Warned - summary.Errored);
        writer.WriteNumber("notJudged", summary.Errored);
        writer.WriteNumber("reportedAtOwner", summary.ReportedAtOwner);
        WriteCounts(writer, "namespaces", summary.Namespaces);
        WriteCounts(writer, "owners", summary.Owners);
        writer.WriteStartArray("rules");
        foreach (var rule in summary.Rules)
        {
            writer.WriteStartObject();
            writer.WriteString("policy", rule.PolicyId);
            writer.WriteString("rule", rule.RuleId);
            writer.WriteString("action", ReportNames.Of(rule.Action));
            writer.WriteNumber("objects", rule.Objects);
            writer.WriteNumber("namespaces", rule.Namespaces);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("exemptions");
        foreach (var use in summary.Exemptions)
        {
            writer.WriteStartObject();
            writer.WriteString("policy", use.PolicyId);
            writer.WriteString("rule", use.RuleId);
            writer.WriteString("status", ReportNames.Of(use.Status));
            writer.WriteString("source", ReportNames.Of(use.Source));
            WriteNullable(writer, "entry", use.Entry);
            WriteNullable(writer, "owner", use.Owner);
            WriteNullable(writer, "expires", use.Expires is null ? null : AuditReportText.Date(use.Expires));
            writer.WriteNumber("objects", use.Objects);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter writer, string name, IReadOnlyList<ComplianceCount> counts)
    {
        writer.WriteStartArray(name);
        foreach (var count in counts)
        {
            writer.WriteStartObject();
            writer.WriteString("name", count.Name);
            writer.WriteNumber("objects", count.Objects);
            writer.WriteNumber("compliant", count.Compliant);
            writer.WriteNumber("ratio", Math.Round(count.Ratio, 4));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private void WriteNullable(string name, string? value) => WriteNullable(_writer, name, value);

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value) => JsonReportWriter.WriteNullable(writer, name, value);

    private void Guard(Action write)
    {
        if (Failure is not null)
        {
            return;
        }

        try
        {
            write();
        }
#pragma warning disable CA1031 // Recorded for the caller, who says which report could not be written.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Failure = ex;
        }
    }
}
