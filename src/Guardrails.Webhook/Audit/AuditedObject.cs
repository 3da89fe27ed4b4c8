using Guardrails.Engine.Evaluation;

namespace Guardrails.Webhook.Audit;

/// <summary>The verdict on one object of the cluster.</summary>
/// <param name="ApiVersion">Its apiVersion.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Namespace">Its namespace; null for a cluster-scoped object.</param>
/// <param name="Name">Its name.</param>
/// <param name="Uid">Its <c>metadata.uid</c>, for the policy reports.</param>
/// <param name="Owner">The object that controls it, when one does and is not judged itself (a Pod of a custom controller).</param>
/// <param name="OwnerLabel">The value of the owner label (<c>--owner-label</c>) on the object, else on its namespace; null when neither has it.</param>
/// <param name="Result">The engine's result (under <c>--as deny</c>, every finding as a denial).</param>
public sealed record AuditedObject(
    string ApiVersion,
    string Kind,
    string? Namespace,
    string Name,
    string? Uid,
    OwnerReference? Owner,
    string? OwnerLabel,
    EvaluationResult Result)
{
    /// <summary>No finding and no error: the object meets every policy that applies to it (exemptions included).</summary>
    public bool Compliant => Result.Violations.Count == 0 && Result.Errors.Count == 0;

    /// <summary><c>Deployment payments/ledger</c>, or <c>ClusterRole admin</c>.</summary>
    public string DisplayName => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";

    /// <summary>Where the API server serves it: <c>apis/apps/v1/namespaces/web/deployments/api</c>.</summary>
    public string ApiPath
    {
        get
        {
            var slash = ApiVersion.IndexOf('/', StringComparison.Ordinal);
            var root = slash < 0 ? $"api/{ApiVersion}" : $"apis/{ApiVersion}";
            var plural = AuditResources.Known.FirstOrDefault(r => r.Kind == Kind)?.Plural ?? Kind.ToLowerInvariant() + "s";
            return Namespace is null ? $"{root}/{plural}/{Name}" : $"{root}/namespaces/{Namespace}/{plural}/{Name}";
        }
    }
}
