using System.Net;
using System.Security.Authentication;
using Guardrails.Webhook.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrails.Webhook.Tests.Tls;

public sealed class KestrelTlsTests : IDisposable
{
    private readonly TestPki _pki = TestPki.Create();
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _pki.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Serves_the_certificate_from_the_files_to_a_TLS_1_2_client()
    {
        var leaf = _pki.Issue("webhook");
        using var serving = FromFiles(leaf.CertificatePem, leaf.KeyPem);
        await using var server = await TlsTestServer.StartAsync(serving);

        var response = await TlsTestClient.GetAsync(server.Port, _pki.TrustedRoot, protocols: SslProtocols.Tls12);

        response.Certificate.SerialNumber.Should().Be(leaf.SerialNumber);
        response.Protocol.Should().Be(nameof(SslProtocols.Tls12));
    }

    [Fact]
    public async Task Serves_TLS_1_3_and_HTTP_2_to_a_client_that_asks()
    {
        var leaf = _pki.Issue("webhook");
        using var serving = FromFiles(leaf.CertificatePem, leaf.KeyPem);
        await using var server = await TlsTestServer.StartAsync(serving);

        var response = await TlsTestClient.GetAsync(server.Port, _pki.TrustedRoot, protocols: SslProtocols.Tls13, httpVersion: HttpVersion.Version20);

        response.Protocol.Should().Be(nameof(SslProtocols.Tls13));
        response.HttpVersion.Should().Be(HttpVersion.Version20);
    }

    [Fact]
    public async Task Serves_the_name_127_0_0_1_too()
    {
        var leaf = _pki.Issue("webhook");
        using var serving = FromFiles(leaf.CertificatePem, leaf.KeyPem);
        await using var server = await TlsTestServer.StartAsync(serving);

        var response = await TlsTestClient.GetAsync(server.Port, _pki.TrustedRoot, host: "127.0.0.1");

        response.Certificate.SerialNumber.Should().Be(leaf.SerialNumber);
    }

    [Fact]
    public async Task Refuses_TLS_1_1_and_1_0_clients()
    {
        var leaf = _pki.Issue("webhook");
        using var serving = FromFiles(leaf.CertificatePem, leaf.KeyPem);
        await using var server = await TlsTestServer.StartAsync(serving);

#pragma warning disable SYSLIB0039, CA5397 // The obsolete protocols are the point: the server must refuse them.
        foreach (var legacy in new[] { SslProtocols.Tls11, SslProtocols.Tls, SslProtocols.Tls | SslProtocols.Tls11 })
#pragma warning restore SYSLIB0039, CA5397
        {
            var connect = () => TlsTestClient.GetAsync(server.Port, _pki.TrustedRoot, protocols: legacy);

            await connect.Should().ThrowAsync<HttpRequestException>($"{legacy} must not be negotiated");
        }

        // OpenSSL builds that refuse TLS < 1.2 as a client fail the handshakes above whatever the server allows,
        // so the server's own setting is pinned here too.
        KestrelTls.ServerOptions(serving).EnabledSslProtocols.Should().Be(SslProtocols.Tls12 | SslProtocols.Tls13);
    }

    [Fact]
    public async Task Sends_the_intermediates_of_the_certificate_file_so_a_client_trusting_only_the_root_accepts_it()
    {
        var intermediate = _pki.IssueIntermediate("Test Intermediate");
        var leaf = _pki.Issue("webhook", issuer: intermediate);
        using var serving = FromFiles(leaf.CertificatePem + intermediate.CertificatePem, leaf.KeyPem);
        await using var server = await TlsTestServer.StartAsync(serving);

        var response = await TlsTestClient.GetAsync(server.Port, _pki.TrustedRoot);

        response.Certificate.SerialNumber.Should().Be(leaf.SerialNumber);
    }

    [Fact]
    public async Task A_client_trusting_another_root_is_refused()
    {
        var leaf = _pki.Issue("webhook");
        using var serving = FromFiles(leaf.CertificatePem, leaf.KeyPem);
        await using var server = await TlsTestServer.StartAsync(serving);
        using var stranger = TestPki.Create("Stranger Root");

        var connect = () => TlsTestClient.GetAsync(server.Port, stranger.TrustedRoot);

        await connect.Should().ThrowAsync<HttpRequestException>();
    }

    private ServingCertificate FromFiles(string certificatePem, string keyPem) =>
        ServingCertificate.FromFiles(_folder.Write("tls.crt", certificatePem), _folder.Write("tls.key", keyPem), NullLogger.Instance);
}
