using System.Security.Cryptography.X509Certificates;
using Guardrails.Webhook.Tls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrails.Webhook.Tests.Tls;

public sealed class ServingCertificateLoadTests : IDisposable
{
    private readonly TestPki _pki = TestPki.Create();
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _pki.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void Loads_the_leaf_with_its_key_and_the_intermediates_that_follow_it()
    {
        var intermediate = _pki.IssueIntermediate("Test Intermediate");
        var leaf = _pki.Issue("webhook", issuer: intermediate);
        var certificatePath = _folder.Write("tls.crt", leaf.CertificatePem + intermediate.CertificatePem);
        var keyPath = _folder.Write("tls.key", leaf.KeyPem);

        using var serving = ServingCertificate.FromFiles(certificatePath, keyPath, NullLogger.Instance);

        serving.Current.SerialNumber.Should().Be(leaf.SerialNumber);
        serving.Current.HasPrivateKey.Should().BeTrue();
        serving.Context.IntermediateCertificates.Select(c => c.Thumbprint).Should().Equal(intermediate.Certificate.Thumbprint);
        serving.Source.Should().Be(certificatePath);
        serving.NotAfter.Should().Be(new DateTimeOffset(leaf.Certificate.NotAfter.ToUniversalTime()));
    }

    [Fact]
    public void Loads_an_RSA_key_as_well_as_ECDSA()
    {
        var leaf = _pki.Issue("rsa webhook", rsa: true);

        using var serving = ServingCertificate.FromFiles(_folder.Write("tls.crt", leaf.CertificatePem), _folder.Write("tls.key", leaf.KeyPem), NullLogger.Instance);

        serving.Current.GetRSAPrivateKey().Should().NotBeNull();
    }

    [Fact]
    public void A_missing_certificate_file_is_named()
    {
        var keyPath = _folder.Write("tls.key", _pki.Issue("webhook").KeyPem);
        var certificatePath = Path.Combine(_folder.Path, "missing.crt");

        Action load = () => ServingCertificate.FromFiles(certificatePath, keyPath, NullLogger.Instance);

        load.Should().Throw<CertificateLoadException>().WithMessage($"The TLS certificate file '{certificatePath}' does not exist.");
    }

    [Fact]
    public void A_missing_key_file_is_named()
    {
        var certificatePath = _folder.Write("tls.crt", _pki.Issue("webhook").CertificatePem);
        var keyPath = Path.Combine(_folder.Path, "nested", "tls.key");

        Action load = () => ServingCertificate.FromFiles(certificatePath, keyPath, NullLogger.Instance);

        load.Should().Throw<CertificateLoadException>().WithMessage($"The TLS key file '{keyPath}' does not exist.");
    }

    [Fact]
    public void An_expired_certificate_is_refused_at_startup()
    {
        var now = DateTimeOffset.UtcNow;
        var expired = _pki.Issue("old webhook", notBefore: now.AddDays(-20), notAfter: now.AddDays(-1));
        var certificatePath = _folder.Write("tls.crt", expired.CertificatePem);

        Action load = () => ServingCertificate.FromFiles(certificatePath, _folder.Write("tls.key", expired.KeyPem), NullLogger.Instance);

        load.Should().Throw<CertificateLoadException>().WithMessage($"The TLS certificate in '{certificatePath}' (CN=old webhook) expired on *");
    }

    [Fact]
    public void Expiry_is_judged_by_the_given_clock()
    {
        var leaf = _pki.Issue("webhook");
        var certificatePath = _folder.Write("tls.crt", leaf.CertificatePem);
        var keyPath = _folder.Write("tls.key", leaf.KeyPem);

        Action load = () => ServingCertificate.FromFiles(certificatePath, keyPath, NullLogger.Instance, new FixedClock(DateTimeOffset.UtcNow.AddDays(11)));

        load.Should().Throw<CertificateLoadException>().WithMessage("*expired on*");
    }

    [Fact]
    public void A_key_of_another_certificate_is_named_with_both_files()
    {
        var leaf = _pki.Issue("webhook");
        var certificatePath = _folder.Write("tls.crt", leaf.CertificatePem);
        var keyPath = _folder.Write("tls.key", _pki.Issue("other").KeyPem);

        Action load = () => ServingCertificate.FromFiles(certificatePath, keyPath, NullLogger.Instance);

        load.Should().Throw<CertificateLoadException>().WithMessage($"The private key in '{keyPath}' does not match the certificate in '{certificatePath}'.");
    }

    [Fact]
    public void A_key_of_another_algorithm_is_named()
    {
        var leaf = _pki.Issue("webhook");
        var certificatePath = _folder.Write("tls.crt", leaf.CertificatePem);
        var keyPath = _folder.Write("tls.key", _pki.Issue("other", rsa: true).KeyPem);

        Action load = () => ServingCertificate.FromFiles(certificatePath, keyPath, NullLogger.Instance);

        load.Should().Throw<CertificateLoadException>().WithMessage($"The TLS key file '{keyPath}' holds no usable ECDSA private key for the certificate in '{certificatePath}'*");
    }

    [Fact]
    public void A_corrupt_key_is_named()
    {
        var leaf = _pki.Issue("webhook");
        var keyPath = _folder.Write("tls.key", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        Action load = () => ServingCertificate.FromFiles(_folder.Write("tls.crt", leaf.CertificatePem), keyPath, NullLogger.Instance);

        load.Should().Throw<CertificateLoadException>().WithMessage($"The TLS key file '{keyPath}' holds no usable ECDSA private key*");
    }

    [Fact]
    public void A_key_file_without_a_private_key_is_named()
    {
        var leaf = _pki.Issue("webhook");
        var keyPath = _folder.Write("tls.key", leaf.CertificatePem);

        Action load = () => ServingCertificate.FromFiles(_folder.Write("tls.crt", leaf.CertificatePem), keyPath, NullLogger.Instance);

        load.Should().Throw<CertificateLoadException>().WithMessage($"The TLS key file '{keyPath}' holds no PEM private key (-----BEGIN PRIVATE KEY-----).");
    }

    [Fact]
    public void A_certificate_file_without_a_certificate_is_named()
    {
        var leaf = _pki.Issue("webhook");
        var certificatePath = _folder.Write("tls.crt", "half a file\n-----BEGIN CERT");

        Action load = () => ServingCertificate.FromFiles(certificatePath, _folder.Write("tls.key", leaf.KeyPem), NullLogger.Instance);

        load.Should().Throw<CertificateLoadException>().WithMessage($"The TLS certificate file '{certificatePath}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
    }

    [Fact]
    public void A_client_only_certificate_is_refused()
    {
        var client = _pki.Issue("client", extendedKeyUsage: TestPki.ClientAuth);
        var certificatePath = _folder.Write("tls.crt", client.CertificatePem);

        Action load = () => ServingCertificate.FromFiles(certificatePath, _folder.Write("tls.key", client.KeyPem), NullLogger.Instance);

        load.Should().Throw<CertificateLoadException>().WithMessage($"The TLS certificate in '{certificatePath}' (CN=client) has an extended key usage without serverAuth*");
    }

    [Fact]
    public void A_certificate_without_extended_key_usage_is_served()
    {
        var leaf = _pki.Issue("webhook", extendedKeyUsage: null);

        using var serving = ServingCertificate.FromFiles(_folder.Write("tls.crt", leaf.CertificatePem), _folder.Write("tls.key", leaf.KeyPem), NullLogger.Instance);

        serving.Current.SerialNumber.Should().Be(leaf.SerialNumber);
    }

    [Fact]
    public void A_certificate_expiring_within_a_week_is_served_with_a_warning()
    {
        var soon = _pki.Issue("webhook", notAfter: DateTimeOffset.UtcNow.AddDays(3));
        var certificatePath = _folder.Write("tls.crt", soon.CertificatePem);
        var logger = new ListLogger();

        using var serving = ServingCertificate.FromFiles(certificatePath, _folder.Write("tls.key", soon.KeyPem), logger);

        logger.At(LogLevel.Warning).Should().ContainSingle().Which.Should().StartWith($"The TLS certificate in '{certificatePath}' (CN=webhook) expires on ");
        logger.At(LogLevel.Information).Should().ContainSingle().Which.Should().Contain(soon.SerialNumber).And.Contain(certificatePath);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
