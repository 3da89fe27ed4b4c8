using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Guardrails.Webhook.Cluster;
using Guardrails.Webhook.Tests.Hosting;
using Guardrails.Webhook.Tests.Tls;
using k8s;
using k8s.Exceptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Guardrails.Webhook.Tests.Cluster;

/// <summary>
/// The connection to the API server built from a kubeconfig's settings, against a real Kestrel over TLS on 127.0.0.1: the
/// cluster's CA is enforced, <c>insecure-skip-tls-verify</c> and <c>tls-server-name</c> are honoured, a client
/// certificate is presented, a token is sent, and a server path prefix survives.
/// </summary>
public sealed class ClusterHttpTests : IDisposable
{
    private readonly TestPki _pki = TestPki.Create("Cluster CA");
    private readonly TestPki _otherPki = TestPki.Create("Some Other CA");

    [Fact]
    public async Task A_server_certificate_of_the_clusters_CA_is_accepted_and_the_token_is_sent()
    {
        await using var server = await Server(_pki.Issue("apiserver"));
        var configuration = Configuration(server.Address, authorities: [_pki.TrustedRoot]);
        configuration.AccessToken = "secret-token";

        var answer = await Get(configuration);

        answer.Should().Be("authorization=Bearer secret-token client=none");
    }

    [Fact]
    public async Task A_server_certificate_of_another_CA_is_refused()
    {
        await using var server = await Server(_otherPki.Issue("impostor"));
        var configuration = Configuration(server.Address, authorities: [_pki.TrustedRoot]);

        var get = () => Get(configuration);

        (await get.Should().ThrowAsync<HttpRequestException>()).WithInnerException<AuthenticationException>();
    }

    [Fact]
    public async Task Skipping_verification_when_the_kubeconfig_asks_for_it_accepts_any_certificate()
    {
        await using var server = await Server(_otherPki.Issue("impostor"));
        var configuration = Configuration(server.Address, authorities: [_pki.TrustedRoot]);
        configuration.SkipTlsVerify = true;

        (await Get(configuration)).Should().StartWith("authorization=none");
    }

    [Fact]
    public async Task The_tls_server_name_is_the_name_the_certificate_is_checked_against()
    {
        // The certificate names the in-cluster service, not the address the kubeconfig gives.
        await using var server = await Server(_pki.Issue("apiserver", dnsNames: ["kubernetes.default.svc"]));
        var configuration = Configuration(server.Address, authorities: [_pki.TrustedRoot]);

        var refused = () => Get(configuration);
        (await refused.Should().ThrowAsync<HttpRequestException>()).WithInnerException<AuthenticationException>();

        configuration.TlsServerName = "kubernetes.default.svc";
        (await Get(configuration)).Should().StartWith("authorization=none");
    }

    [Fact]
    public async Task A_client_certificate_from_the_kubeconfigs_data_is_presented()
    {
        await using var server = await Server(_pki.Issue("apiserver"), requireClientCertificate: true);
        var client = _pki.Issue("system:admin", extendedKeyUsage: TestPki.ClientAuth);
        var configuration = Configuration(server.Address, authorities: [_pki.TrustedRoot]);
        configuration.ClientCertificateData = Base64(client.CertificatePem);
        configuration.ClientCertificateKeyData = Base64(client.KeyPem);

        (await Get(configuration)).Should().Be("authorization=none client=CN=system:admin");
    }

    [Fact]
    public async Task A_client_certificate_from_files_is_presented()
    {
        await using var server = await Server(_pki.Issue("apiserver"), requireClientCertificate: true);
        var client = _pki.Issue("system:node", extendedKeyUsage: TestPki.ClientAuth);
        var folder = Directory.CreateTempSubdirectory("guardrails-kubeconfig-");
        try
        {
            var configuration = Configuration(server.Address, authorities: [_pki.TrustedRoot]);
            configuration.ClientCertificateFilePath = Path.Combine(folder.FullName, "client.crt");
            configuration.ClientKeyFilePath = Path.Combine(folder.FullName, "client.key");
            await File.WriteAllTextAsync(configuration.ClientCertificateFilePath, client.CertificatePem);
            await File.WriteAllTextAsync(configuration.ClientKeyFilePath, client.KeyPem);

            (await Get(configuration)).Should().Be("authorization=none client=CN=system:node");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_client_certificate_that_cannot_be_read_is_a_configuration_error()
    {
        var configuration = Configuration(new Uri("https://127.0.0.1:6443"), authorities: [_pki.TrustedRoot]);
        configuration.ClientCertificateData = Base64("not a certificate");
        configuration.ClientCertificateKeyData = Base64("not a key");

        var create = () => ClusterHttp.CreateClient(configuration, ClusterHttp.BaseUri(configuration));

        create.Should().Throw<KubeConfigException>().WithMessage("the client certificate cannot be read: *");
    }

    [Theory]
    [InlineData("https://rancher.example/k8s/clusters/c-1", "https://rancher.example/k8s/clusters/c-1/api/v1/namespaces")]
    [InlineData("https://rancher.example/k8s/clusters/c-1/", "https://rancher.example/k8s/clusters/c-1/api/v1/namespaces")]
    [InlineData("https://10.0.0.1:6443", "https://10.0.0.1:6443/api/v1/namespaces")]
    public void A_path_prefix_of_the_server_address_is_kept(string host, string expected)
    {
        var baseUri = ClusterHttp.BaseUri(new KubernetesClientConfiguration { Host = host });

        new Uri(baseUri, "api/v1/namespaces").AbsoluteUri.Should().Be(expected);
    }

    [Theory]
    [InlineData("", "the configuration names no API server (no host)")]
    [InlineData("not a url", "the API server's address 'not a url' is not an http or https URL")]
    [InlineData("ftp://10.0.0.1", "the API server's address 'ftp://10.0.0.1' is not an http or https URL")]
    public void A_missing_or_malformed_server_address_is_a_configuration_error(string host, string message)
    {
        var read = () => ClusterHttp.BaseUri(new KubernetesClientConfiguration { Host = host });

        read.Should().Throw<KubeConfigException>().WithMessage(message);
    }

    public void Dispose()
    {
        _pki.Dispose();
        _otherPki.Dispose();
    }

    private static async Task<string> Get(KubernetesClientConfiguration configuration)
    {
        using var api = new ClusterApi(configuration);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api.BaseUri, "api/v1/namespaces"));
        using var response = await api.SendAsync(request, CancellationToken.None);
        return await response.Content.ReadAsStringAsync();
    }

    private static KubernetesClientConfiguration Configuration(Uri address, X509Certificate2[] authorities) =>
        new() { Host = address.ToString(), SslCaCerts = [.. authorities] };

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static async Task<LoopbackServer> Server(TestCertificate certificate, bool requireClientCertificate = false)
    {
        var (app, address) = await LoopbackApp.StartAsync(
            app => app.Run(context =>
            {
                var authorization = context.Request.Headers.Authorization is { Count: > 0 } given ? given.ToString() : "none";
                var client = context.Connection.ClientCertificate?.Subject ?? "none";
                return context.Response.WriteAsync($"authorization={authorization} client={client}");
            }),
            listen => listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate.Certificate;
                if (requireClientCertificate)
                {
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.AllowAnyClientCertificate();
                }
            }));
        return new LoopbackServer(app, new UriBuilder(address) { Scheme = Uri.UriSchemeHttps, Host = "127.0.0.1" }.Uri);
    }

    private sealed class LoopbackServer(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
