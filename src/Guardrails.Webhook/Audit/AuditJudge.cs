using Guardrails.Engine.Format;
using System.Text.Json;
using Guardrails.Engine.Autoscaling;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Hosts;

namespace Guardrails.Webhook.Audit;

/// <summary>
/// Judges the objects of the cluster with the same engine, policies and exemptions as the webhook, each as a CREATE in
/// its namespace with that namespace's real labels and autoscalers. An object controlled by an object of a kind the audit
/// judges itself (a Pod of a ReplicaSet of a Deployment; a Job of a CronJob) is not judged again: its findings are its
/// controller's, reported once there.
/// </summary>
/// <param name="engine">The engine.</param>
/// <param name="judgedKinds">The kinds the audit lists.</param>
/// <param name="asDeny">What-if: every finding counts as a denial, as if every policy's action were <c>deny</c>.</param>
/// <param name="ownerLabel">The label that names who owns a workload (<c>team</c>), or null.</param>
internal sealed class AuditJudge(PolicyEngine engine, IReadOnlySet<string> judgedKinds, bool asDeny, string? ownerLabel)
{
    /// <summary>True when <paramref name="owner"/> is judged itself, so its object is reported there.</summary>
    public bool ReportedAtOwner(OwnerReference? owner) => owner is not null && judgedKinds.Contains(owner.Kind);

    /// <summary>The verdict on <paramref name="obj"/>, or null when its controller is judged instead.</summary>
    public AuditedObject? Judge(JsonElement obj, AuditResource resource, string? namespaceName, IReadOnlyDictionary<string, string> namespaceLabels, IReadOnlyList<Autoscaler> autoscalers)
    {
        var owner = OwnerReference.Of(obj);
        if (ReportedAtOwner(owner))
        {
            return null;
        }

        var result = engine.Evaluate(HostRequest.For(obj, AdmissionOperation.Create, namespaceName, namespaceLabels, autoscalers));
        if (asDeny)
        {
            result = AsDeny(result);
        }

        var labels = ClusterAuditReader.LabelsOf(obj);
        var ownerValue = ownerLabel is null ? null : labels.TryGetValue(ownerLabel, out var value) ? value : namespaceLabels.GetValueOrDefault(ownerLabel);
        return new AuditedObject(
            resource.ApiVersion,
            resource.Kind,
            resource.Namespaced ? namespaceName : null,
            ClusterAuditReader.NameOf(obj) ?? string.Empty,
            UidOf(obj),
            owner,
            ownerValue,
            result);
    }

    /// <summary>The result as it would be if every policy's action were <c>deny</c>.</summary>
    public static EvaluationResult AsDeny(EvaluationResult result) =>
        result.Violations.All(v => v.Action == PolicyAction.Deny)
            ? result
            : result with { Violations = [.. result.Violations.Select(v => v.Action == PolicyAction.Deny ? v : v with { Action = PolicyAction.Deny })] };

    private static string? UidOf(JsonElement obj) =>
        obj.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("uid", out var uid) && uid.ValueKind == JsonValueKind.String ? uid.GetString() : null;
}
