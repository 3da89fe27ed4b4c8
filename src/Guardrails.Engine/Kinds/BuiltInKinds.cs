namespace Guardrails.Engine.Kinds;

/// <summary>
/// The kinds each built-in API group serves, by version: Kubernetes 1.32 (read from kube-apiserver v1.32.12's discovery
/// with every alpha and beta API enabled, top-level resources only). An object whose group is listed here but whose
/// version or kind is not is no Kubernetes object: the engine cannot know its shape and refuses to judge it. Objects of
/// other groups (custom resources, aggregated APIs) are not looked up.
/// </summary>
internal static class BuiltInKinds
{
    private static readonly Dictionary<string, Dictionary<string, string[]>> Groups = new(StringComparer.Ordinal)
    {
        [""] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["Binding", "ComponentStatus", "ConfigMap", "Endpoints", "Event", "LimitRange", "Namespace", "Node", "PersistentVolume", "PersistentVolumeClaim", "Pod", "PodTemplate", "ReplicationController", "ResourceQuota", "Secret", "Service", "ServiceAccount"],
        },
        ["admissionregistration.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["MutatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration"],
            ["v1alpha1"] = ["MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding"],
            ["v1beta1"] = ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"],
        },
        ["apiextensions.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["CustomResourceDefinition"],
        },
        ["apiregistration.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["APIService"],
        },
        ["apps"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"],
        },
        ["authentication.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["SelfSubjectReview", "TokenReview"],
            ["v1beta1"] = ["SelfSubjectReview"],
        },
        ["authorization.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview"],
        },
        ["autoscaling"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["HorizontalPodAutoscaler"],
            ["v2"] = ["HorizontalPodAutoscaler"],
        },
        ["batch"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["CronJob", "Job"],
        },
        ["certificates.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["CertificateSigningRequest"],
        },
        ["coordination.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["Lease"],
            ["v1alpha2"] = ["LeaseCandidate"],
        },
        ["discovery.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["EndpointSlice"],
        },
        ["events.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["Event"],
        },
        ["flowcontrol.apiserver.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["FlowSchema", "PriorityLevelConfiguration"],
        },
        ["internal.apiserver.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1alpha1"] = ["StorageVersion"],
        },
        ["networking.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["Ingress", "IngressClass", "NetworkPolicy"],
            ["v1beta1"] = ["IPAddress", "ServiceCIDR"],
        },
        ["node.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["RuntimeClass"],
        },
        ["policy"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["PodDisruptionBudget"],
        },
        ["rbac.authorization.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
        },
        ["resource.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1alpha3"] = ["DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"],
            ["v1beta1"] = ["DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"],
        },
        ["scheduling.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["PriorityClass"],
        },
        ["storage.k8s.io"] = new(StringComparer.Ordinal)
        {
            ["v1"] = ["CSIDriver", "CSINode", "CSIStorageCapacity", "StorageClass", "VolumeAttachment"],
            ["v1alpha1"] = ["VolumeAttributesClass"],
            ["v1beta1"] = ["VolumeAttributesClass"],
        },
    };

    private static readonly Dictionary<string, Dictionary<string, string[]>>.AlternateLookup<ReadOnlySpan<char>> GroupsBySpan =
        Groups.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Every apiVersion (<c>apps/v1</c>) and kind name of the built-in groups.</summary>
    public static IEnumerable<string> Names() =>
        Groups.SelectMany(group => group.Value.SelectMany(version =>
            version.Value.Append(group.Key.Length == 0 ? version.Key : $"{group.Key}/{version.Key}")));

    /// <summary>
    /// Null when <paramref name="apiVersion"/> and <paramref name="kind"/> name a kind Kubernetes 1.32 serves, or when the
    /// group is not a built-in one; otherwise why not.
    /// </summary>
    public static string? Problem(string apiVersion, string kind)
    {
        // Looked up by spans: a served kind (nearly every object) costs no string.
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? ReadOnlySpan<char>.Empty : apiVersion.AsSpan(0, slash);
        var version = apiVersion.AsSpan(slash + 1);
        if (!GroupsBySpan.TryGetValue(group, out var versions))
        {
            return null;
        }

        var groupName = group.Length == 0 ? "the core group" : $"group {group}";
        if (!versions.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(version, out var kinds))
        {
            return $"apiVersion '{apiVersion}' is not served by Kubernetes 1.32 ({groupName} serves {string.Join(", ", versions.Keys.Order(StringComparer.Ordinal))})";
        }

        return Array.IndexOf(kinds, kind) >= 0
            ? null
            : $"kind '{kind}' is not a kind of {apiVersion} in Kubernetes 1.32, so its shape is unknown";
    }
}
