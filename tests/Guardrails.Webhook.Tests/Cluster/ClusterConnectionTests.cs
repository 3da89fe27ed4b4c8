using Guardrails.Webhook.Cluster;
using k8s.Exceptions;

namespace Guardrails.Webhook.Tests.Cluster;

/// <summary>
/// A kubeconfig that cannot be used is one clear error naming the file and the problem, never an exception of the YAML
/// reader, the base64 decoder or the certificate loader (which <c>serve</c> and <c>audit</c> would print with a stack trace).
/// </summary>
public sealed class ClusterConnectionTests : IDisposable
{
    private const string Valid = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: https://127.0.0.1:6443
            CLUSTER
        users:
        - name: u
          user:
            token: abc
        contexts:
        - name: x
          context: {cluster: c, user: u}
        current-context: x
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("guardrails-kubeconfig-");

    [Fact]
    public void A_valid_kubeconfig_loads()
    {
        var configuration = ClusterConnection.Load(Write(Valid.Replace("CLUSTER", "insecure-skip-tls-verify: true", StringComparison.Ordinal)));

        configuration.Host.Should().Be("https://127.0.0.1:6443");
        configuration.AccessToken.Should().Be("abc");
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Config\nclusters: [\n", "line 4, column 1: While parsing a node*")]
    [InlineData("CA:!!not-base64", "*not a valid Base-64 string*")]
    [InlineData("CA:bm90IGEgY2VydGlmaWNhdGU=", "*")]
    public void A_kubeconfig_that_is_not_valid_is_a_configuration_error_naming_the_file(string text, string detail)
    {
        var path = Write(text.StartsWith("CA:", StringComparison.Ordinal)
            ? Valid.Replace("CLUSTER", "certificate-authority-data: \"" + text[3..] + "\"", StringComparison.Ordinal)
            : text);

        var load = () => ClusterConnection.Load(path);

        load.Should().Throw<KubeConfigException>().WithMessage($"cannot read kubeconfig {path}: {detail}");
    }

    [Fact]
    public void A_missing_kubeconfig_is_a_configuration_error_naming_the_file()
    {
        var path = Path.Combine(_folder.FullName, "missing.yaml");

        var load = () => ClusterConnection.Load(path);

        load.Should().Throw<KubeConfigException>().WithMessage($"cannot read kubeconfig {path}: *");
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(_folder.FullName, $"kubeconfig-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
