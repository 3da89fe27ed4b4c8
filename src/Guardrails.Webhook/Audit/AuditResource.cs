namespace Guardrails.Webhook.Audit;

/// <summary>A kind the audit lists, and where the API server serves it.</summary>
/// <param name="Group">Its API group; empty for the core group.</param>
/// <param name="Version">The version listed.</param>
/// <param name="Kind">Its kind: <c>Deployment</c>.</param>
/// <param name="Plural">Its resource: <c>deployments</c>.</param>
/// <param name="Namespaced">False for cluster-scoped kinds.</param>
internal sealed record AuditResource(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    /// <summary>The <c>apiVersion</c> of its objects: <c>apps/v1</c>, or <c>v1</c> for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>How RBAC and messages name it: <c>deployments.apps</c>, or <c>pods</c>.</summary>
    public string Resource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The collection's path: in <paramref name="namespaceName"/>, or across all namespaces when null.</summary>
    public string CollectionPath(string? namespaceName)
    {
        var root = Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
        return Namespaced && namespaceName is not null
            ? $"{root}/namespaces/{Uri.EscapeDataString(namespaceName)}/{Plural}"
            : $"{root}/{Plural}";
    }

    /// <summary>The path of one object.</summary>
    public string ObjectPath(string? namespaceName, string name) => $"{CollectionPath(namespaceName)}/{Uri.EscapeDataString(name)}";
}
