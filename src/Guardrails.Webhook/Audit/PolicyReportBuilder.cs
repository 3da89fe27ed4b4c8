using Guardrails.Engine.Format;
using System.Buffers;
using System.Text.Json;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Policies;

namespace Guardrails.Webhook.Audit;

/// <summary>
/// Builds the <c>wgpolicyk8s.io/v1alpha2</c> <c>PolicyReport</c> of one namespace (or the <c>ClusterPolicyReport</c> of the
/// cluster-scoped objects) from the objects judged there: for each object, a <c>fail</c> (deny and audit findings) or
/// <c>warn</c> (warn findings) result per finding, an <c>error</c> per rule that could not be judged, a <c>skip</c> per
/// finding an exemption waived, and a <c>pass</c> per policy that applied to the object and found nothing. The whole
/// report is rebuilt each time, so results of objects fixed or deleted since are gone.
/// </summary>
internal sealed class PolicyReportBuilder(PolicySet policies, DateTimeOffset now)
{
    /// <summary>The name of every report guardrails writes.</summary>
    public const string ReportName = "guardrails-audit";

    /// <summary>The label on every report guardrails writes.</summary>
    public const string ManagedBy = "guardrails";

    private readonly List<Result> _results = [];

    /// <summary>How many objects were added.</summary>
    public int Objects { get; private set; }

    public void Add(AuditedObject item)
    {
        Objects++;
        var resource = new Resource(item.ApiVersion, item.Kind, item.Namespace, item.Name, item.Uid);
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var violation in item.Result.Violations)
        {
            found.Add(violation.PolicyId);
            _results.Add(new Result(violation.PolicyId, violation.RuleId, violation.Action == PolicyAction.Warn ? "warn" : "fail", violation.Message, violation.Action, violation.Pointer, resource));
        }

        foreach (var error in item.Result.Errors)
        {
            found.Add(error.PolicyId ?? string.Empty);
            _results.Add(new Result(error.PolicyId ?? "guardrails", error.RuleId, "error", error.Message, null, null, resource));
        }

        foreach (var use in item.Result.Exemptions.Where(e => e.Status == ExemptionStatus.Applied))
        {
            found.Add(use.PolicyId);
            _results.Add(new Result(use.PolicyId, use.RuleId, "skip", $"exempt by {use.Entry ?? "annotation"}{(use.Expires is { } date ? $" until {date:yyyy-MM-dd}" : "")}: {use.Reason}", null, use.Pointer, resource));
        }

        foreach (var policy in item.Result.AppliedPolicies.Where(p => !found.Contains(p)))
        {
            _results.Add(new Result(policy, null, "pass", "no finding", null, null, resource));
        }
    }

    /// <summary>The report's JSON, with <paramref name="resourceVersion"/> when it replaces one.</summary>
    public byte[] Build(string? namespaceName, string? resourceVersion)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", "wgpolicyk8s.io/v1alpha2");
            writer.WriteString("kind", namespaceName is null ? "ClusterPolicyReport" : "PolicyReport");
            writer.WriteStartObject("metadata");
            writer.WriteString("name", ReportName);
            if (namespaceName is not null)
            {
                writer.WriteString("namespace", namespaceName);
            }

            if (resourceVersion is not null)
            {
                writer.WriteString("resourceVersion", resourceVersion);
            }

            writer.WriteStartObject("labels");
            writer.WriteString("app.kubernetes.io/managed-by", ManagedBy);
            writer.WriteEndObject();
            writer.WriteStartObject("annotations");
            writer.WriteString("guardrails.dev/policy-revision", policies.Revision);
            writer.WriteEndObject();
            writer.WriteEndObject();

            writer.WriteStartObject("summary");
            foreach (var outcome in (string[])["pass", "fail", "warn", "error", "skip"])
            {
                writer.WriteNumber(outcome, _results.Count(r => r.Outcome == outcome));
            }

            writer.WriteEndObject();
            writer.WriteStartArray("results");
            foreach (var result in _results)
            {
                WriteResult(writer, result);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteResult(Utf8JsonWriter writer, Result result)
    {
        var policy = policies.Find(result.Policy);
        writer.WriteStartObject();
        writer.WriteString("source", "guardrails");
        writer.WriteString("policy", result.Policy);
        if (result.Rule is not null)
        {
            writer.WriteString("rule", result.Rule);
        }

        writer.WriteString("result", result.Outcome);
        writer.WriteBoolean("scored", true);
        writer.WriteString("message", result.Message);
        if (policy is not null)
        {
            writer.WriteString("category", policy.Category.ToString().ToLowerInvariant());
            writer.WriteString("severity", policy.Severity.ToString().ToLowerInvariant());
        }

        writer.WriteStartObject("timestamp");
        writer.WriteNumber("seconds", now.ToUnixTimeSeconds());
        writer.WriteNumber("nanos", 0);
        writer.WriteEndObject();
        if (result.Action is not null || result.Pointer is not null)
        {
            writer.WriteStartObject("properties");
            if (result.Action is { } action)
            {
                writer.WriteString("action", action.ToString().ToLowerInvariant());
            }

            if (result.Pointer is not null)
            {
                writer.WriteString("pointer", result.Pointer);
            }

            writer.WriteEndObject();
        }

        writer.WriteStartArray("resources");
        writer.WriteStartObject();
        writer.WriteString("apiVersion", result.Resource.ApiVersion);
        writer.WriteString("kind", result.Resource.Kind);
        if (result.Resource.Namespace is not null)
        {
            writer.WriteString("namespace", result.Resource.Namespace);
        }

        writer.WriteString("name", result.Resource.Name);
        if (result.Resource.Uid is not null)
        {
            writer.WriteString("uid", result.Resource.Uid);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private sealed record Resource(string ApiVersion, string Kind, string? Namespace, string Name, string? Uid);

    private sealed record Result(string Policy, string? Rule, string Outcome, string Message, PolicyAction? Action, string? Pointer, Resource Resource);
}
