using k8s;

namespace Guardrails.Webhook.Cluster;

/// <summary>
/// How <c>guardrails serve</c> reaches the API server: an explicit kubeconfig when one is given, else the pod's
/// service account (in-cluster), else <c>$KUBECONFIG</c> or <c>~/.kube/config</c>.
/// </summary>
internal static class ClusterConnection
{
    /// <summary>The client configuration; throws KubeConfigException when the kubeconfig or the service account cannot be read.</summary>
    public static KubernetesClientConfiguration Load(string? kubeconfigPath = null)
    {
        if (!string.IsNullOrEmpty(kubeconfigPath))
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath);
        }

        if (KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        // BuildDefaultConfig reads (and merges) the files $KUBECONFIG lists; without it, a missing ~/.kube/config
        // must fail rather than fall back to localhost:8080 as BuildDefaultConfig would.
        return string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBECONFIG"))
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile()
            : KubernetesClientConfiguration.BuildDefaultConfig();
    }

    /// <summary>Where the configuration came from, for the startup log.</summary>
    public static string Describe(string? kubeconfigPath) =>
        !string.IsNullOrEmpty(kubeconfigPath) ? $"kubeconfig {kubeconfigPath}"
        : KubernetesClientConfiguration.IsInCluster() ? "in-cluster service account"
        : Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } variable ? $"kubeconfig {variable} ($KUBECONFIG)"
        : $"kubeconfig {KubernetesClientConfiguration.KubeConfigDefaultLocation}";
}
