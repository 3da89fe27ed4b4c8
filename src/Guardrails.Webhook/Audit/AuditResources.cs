using Guardrails.Engine.Policies;

namespace Guardrails.Webhook.Audit;

/// <summary>
/// The kinds of Kubernetes 1.32 an audit can list, each at the version the API server prefers, and the choice of those a
/// policy set matches. A kind no policy names is not read; a kind a policy names that is not listed here (a custom
/// resource) is reported as not audited rather than silently passed.
/// </summary>
internal static class AuditResources
{
    /// <summary>Every kind the audit knows, in the order it reads them: workloads first, then the rest.</summary>
    public static IReadOnlyList<AuditResource> Known { get; } =
    [
        new("apps", "v1", "Deployment", "deployments", true),
        new("apps", "v1", "StatefulSet", "statefulsets", true),
        new("apps", "v1", "DaemonSet", "daemonsets", true),
        new("apps", "v1", "ReplicaSet", "replicasets", true),
        new("", "v1", "ReplicationController", "replicationcontrollers", true),
        new("batch", "v1", "CronJob", "cronjobs", true),
        new("batch", "v1", "Job", "jobs", true),
        new("", "v1", "Pod", "pods", true),
        new("", "v1", "PodTemplate", "podtemplates", true),
        new("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
        new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
        new("", "v1", "Service", "services", true),
        new("", "v1", "ServiceAccount", "serviceaccounts", true),
        new("", "v1", "ConfigMap", "configmaps", true),
        new("", "v1", "Secret", "secrets", true),
        new("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true),
        new("networking.k8s.io", "v1", "Ingress", "ingresses", true),
        new("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true),
        new("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
        new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
        new("", "v1", "LimitRange", "limitranges", true),
        new("", "v1", "ResourceQuota", "resourcequotas", true),
        new("", "v1", "Namespace", "namespaces", false),
        new("", "v1", "PersistentVolume", "persistentvolumes", false),
        new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
        new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
        new("storage.k8s.io", "v1", "StorageClass", "storageclasses", false),
        new("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false),
        new("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false),
    ];

    /// <summary>The namespaces resource (read for their labels whatever the policies match).</summary>
    public static AuditResource Namespaces { get; } = Known.Single(r => r.Kind == "Namespace");

    /// <summary>The autoscalers (read for their facts where a policy matches a workload they scale).</summary>
    public static AuditResource Autoscalers { get; } = Known.Single(r => r.Kind == "HorizontalPodAutoscaler");

    /// <summary>The kinds <paramref name="policies"/> can match, and the kinds they name that the audit cannot list.</summary>
    public static (IReadOnlyList<AuditResource> Listed, IReadOnlyList<string> Unknown) For(PolicySet policies)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        var any = false;
        foreach (var policy in policies.Policies)
        {
            if (policy.Kinds is not { } kinds || kinds.Contains("*"))
            {
                any = true;
                continue;
            }

            named.UnionWith(kinds);
        }

        var listed = Known.Where(r => any || named.Contains(r.Kind)).ToList();
        var unknown = named.Where(k => k != "*" && !Known.Any(r => r.Kind == k)).Order(StringComparer.Ordinal).ToList();
        return (listed, unknown);
    }
}
