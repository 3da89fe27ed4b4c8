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
/// <para>
/// A report is one object, and the API server refuses one larger than etcd's request limit (1.5 MiB by default): its
/// results are bounded to <paramref name="maxResultBytes"/> (1 MiB, estimated as written). Findings come first: passes are
/// written only in the room findings leave, and what does not fit is left out, counted in the <c>summary</c> all the same
/// and named in the annotation <c>guardrails.dev/omitted-results</c>. The builder holds at most twice that much.
/// </para>
/// </summary>
internal sealed class PolicyReportBuilder(PolicySet policies, DateTimeOffset now, int maxResultBytes = PolicyReportBuilder.DefaultMaxResultBytes)
{
    /// <summary>The results' share of a report: 1 MiB, under etcd's default 1.5 MiB with room for escaping and metadata.</summary>
    public const int DefaultMaxResultBytes = 1024 * 1024;

    // A result's JSON beyond its variable strings: field names, outcome, timestamp, category, severity.
    private const int ResultOverhead = 280;
    private static readonly string[] Outcomes = ["pass", "fail", "warn", "error", "skip"];

    /// <summary>The name of every report guardrails writes.</summary>
    public const string ReportName = "guardrails-audit";

    /// <summary>The label on every report guardrails writes.</summary>
    public const string ManagedBy = "guardrails";

    private readonly List<Result> _results = [];
    private readonly Dictionary<string, int> _counts = Outcomes.ToDictionary(o => o, _ => 0, StringComparer.Ordinal);
    private readonly Dictionary<string, int> _omitted = Outcomes.ToDictionary(o => o, _ => 0, StringComparer.Ordinal);
    private long _findingBytes;
    private long _passBytes;

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
            Keep(new Result(violation.PolicyId, violation.RuleId, violation.Action == PolicyAction.Warn ? "warn" : "fail", violation.Message, violation.Action, violation.Pointer, resource));
        }

        foreach (var error in item.Result.Errors)
        {
            found.Add(error.PolicyId ?? string.Empty);
            Keep(new Result(error.PolicyId ?? "guardrails", error.RuleId, "error", error.Message, null, null, resource));
        }

        foreach (var use in item.Result.Exemptions.Where(e => e.Status == ExemptionStatus.Applied))
        {
            found.Add(use.PolicyId);
            Keep(new Result(use.PolicyId, use.RuleId, "skip", $"exempt by {use.Entry ?? "annotation"}{(use.Expires is { } date ? $" until {date:yyyy-MM-dd}" : "")}: {use.Reason}", null, use.Pointer, resource));
        }

        foreach (var policy in item.Result.AppliedPolicies.Where(p => !found.Contains(p)))
        {
            Keep(new Result(policy, null, "pass", "no finding", null, null, resource));
        }
    }

    private void Keep(Result result)
    {
        _counts[result.Outcome]++;
        var size = SizeOf(result);
        var pass = result.Outcome == "pass";
        if (pass ? _findingBytes + _passBytes + size > maxResultBytes : _findingBytes + size > maxResultBytes)
        {
            _omitted[result.Outcome]++;
            return;
        }

        if (pass)
        {
            _passBytes += size;
        }
        else
        {
            _findingBytes += size;
        }

        _results.Add(result);
    }

    private static int SizeOf(Result result) =>
        ResultOverhead + result.Policy.Length + (result.Rule?.Length ?? 0) + result.Message.Length + (result.Pointer?.Length ?? 0)
        + result.Resource.ApiVersion.Length + result.Resource.Kind.Length + (result.Resource.Namespace?.Length ?? 0) + result.Resource.Name.Length + (result.Resource.Uid?.Length ?? 0);

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
            var passRoom = maxResultBytes - _findingBytes;
            var passesWritten = _results.Where(r => r.Outcome == "pass").Select(SizeOf).TakeWhile(size => (passRoom -= size) >= 0).Count();
            var passesLeft = _counts["pass"] - _omitted["pass"] - passesWritten;
            if (_omitted.Values.Sum() + passesLeft is > 0 and var left)
            {
                writer.WriteString("guardrails.dev/omitted-results", string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"{left} of {_counts.Values.Sum()} results left out to keep the report under the API server's size limit ({string.Join(", ", Outcomes.Select(o => (o, n: _omitted[o] + (o == "pass" ? passesLeft : 0))).Where(x => x.n > 0).Select(x => $"{x.n} {x.o}"))}); the summary counts them all; guardrails audit -n lists every one"));
            }

            writer.WriteEndObject();
            writer.WriteEndObject();

            writer.WriteStartObject("summary");
            foreach (var outcome in Outcomes)
            {
                writer.WriteNumber(outcome, _counts[outcome]);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("results");
            var room = maxResultBytes - _findingBytes;
            foreach (var result in _results)
            {
                // Passes fill only the room the findings leave.
                if (result.Outcome == "pass" && (room -= SizeOf(result)) < 0)
                {
                    continue;
                }

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
