using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Guardrails.Chart.Tests.Rendering;

/// <summary>
/// Sprig's genCA and genSignedCert with real certificates (RSA 2048, as Sprig makes them), so that the tests can
/// check the names and the chain the chart asks for. Each returns a map with Cert and Key (PEM), like Sprig's.
/// </summary>
internal static class CertificateFunctions
{
    public static TemplateMap GenerateCa(string commonName, long days)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(days));
        return Pair(certificate.ExportCertificatePem(), key.ExportRSAPrivateKeyPem(), "genCA result");
    }

    public static TemplateMap GenerateSigned(string commonName, IReadOnlyList<string> dnsNames, long days, TemplateMap ca)
    {
        using var caCertificate = X509Certificate2.CreateFromPem((string)ca.Field("Cert")!, (string)ca.Field("Key")!);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        // Sprig does not cap the lifetime at the CA's; .NET refuses to sign past it.
        var caNotAfter = new DateTimeOffset(caCertificate.NotAfter.ToUniversalTime());
        var notAfter = now.AddDays(days) < caNotAfter ? now.AddDays(days) : caNotAfter;
        using var certificate = request.Create(caCertificate, now.AddMinutes(-5), notAfter, serial);
        return Pair(certificate.ExportCertificatePem(), key.ExportRSAPrivateKeyPem(), "genSignedCert result");
    }

    private static TemplateMap Pair(string certificate, string key, string description) =>
        new([KeyValuePair.Create<string, object?>("Cert", certificate), KeyValuePair.Create<string, object?>("Key", key)], strict: true, description);
}
