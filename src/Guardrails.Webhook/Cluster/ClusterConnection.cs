using System.Security.Cryptography;
using k8s;
using k8s.Exceptions;
using YamlDotNet.Core;

namespace Guardrails.Webhook.Cluster;

/// <summary>
/// How <c>guardrails serve</c> reaches the API server: an explicit kubeconfig when one is given, else the pod's
/// service account (in-cluster), else <c>$KUBECONFIG</c> or <c>~/.kube/config</c>.
/// </summary>
internal static class ClusterConnection
{
    /// <summary>
    /// The client configuration. A kubeconfig or service account that cannot be read or is not valid (missing, not YAML,
    /// bad base64, a CA that is not a certificate) is a <see cref="KubeConfigException"/> whose message names it and says
    /// why: <c>cannot read kubeconfig /etc/kube.yaml: line 4, column 1: While parsing a node, ...</c>.
    /// </summary>
    public static KubernetesClientConfiguration Load(string? kubeconfigPath = null)
    {
        try
        {
            return Read(kubeconfigPath);
        }
        catch (Exception ex) when (ex is KubeConfigException or IOException or UnauthorizedAccessException or InvalidOperationException
            or YamlException or FormatException or CryptographicException)
        {
            var detail = ex is YamlException yaml ? $"line {yaml.Start.Line}, column {yaml.Start.Column}: {yaml.Message}" : ex.Message;
            throw new KubeConfigException($"cannot read {Describe(kubeconfigPath)}: {detail}", ex);
        }
    }

    private static KubernetesClientConfiguration Read(string? kubeconfigPath)
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
