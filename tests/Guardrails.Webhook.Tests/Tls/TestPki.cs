using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Guardrails.Webhook.Tests.Tls;

/// <summary>A throwaway CA issuing test certificates with chosen names, validity and key usage.</summary>
internal sealed class TestPki : IDisposable
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private TestPki(TestCertificate root)
    {
        Root = root;
        TrustedRoot = X509CertificateLoader.LoadCertificate(root.Certificate.RawData);
    }

    /// <summary>The root CA, with its private key.</summary>
    public TestCertificate Root { get; }

    /// <summary>The root without its key: what a client trusts.</summary>
    public X509Certificate2 TrustedRoot { get; }

    public static TestPki Create(string name = "Guardrails Test Root")
    {
        var now = DateTimeOffset.UtcNow;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var certificate = request.CreateSelfSigned(now.AddDays(-30), now.AddDays(30));
        return new TestPki(new TestCertificate(certificate, Pem(certificate.ExportCertificatePem()), Pem(key.ExportPkcs8PrivateKeyPem())));
    }

    /// <summary>Issues a CA certificate below <paramref name="issuer"/> (the root by default).</summary>
    public TestCertificate IssueIntermediate(string name, TestCertificate? issuer = null)
    {
        var now = DateTimeOffset.UtcNow;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var issued = request.Create((issuer ?? Root).Certificate, now.AddDays(-20), now.AddDays(20), Serial());
        return new TestCertificate(issued.CopyWithPrivateKey(key), Pem(issued.ExportCertificatePem()), Pem(key.ExportPkcs8PrivateKeyPem()));
    }

    /// <summary>Issues a serving certificate for localhost and 127.0.0.1 (or only <paramref name="dnsNames"/>), valid for ±10 days unless told otherwise.</summary>
    public TestCertificate Issue(
        string commonName,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        string? extendedKeyUsage = ServerAuth,
        TestCertificate? issuer = null,
        bool rsa = false,
        string[]? dnsNames = null)
    {
        var now = DateTimeOffset.UtcNow;
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA rsaKey
            ? new CertificateRequest($"CN={commonName}", rsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={commonName}", (ECDsa)key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (dnsNames is null)
        {
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
        }
        else
        {
            Array.ForEach(dnsNames, names.AddDnsName);
        }

        request.CertificateExtensions.Add(names.Build());
        if (extendedKeyUsage is not null)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedKeyUsage)], false));
        }

        var signer = (issuer ?? Root).Certificate;
        using var signerKey = signer.GetECDsaPrivateKey()!;
        // The signature generator lets an ECDSA CA sign an RSA certificate too.
        using var issued = request.Create(signer.SubjectName, X509SignatureGenerator.CreateForECDsa(signerKey), notBefore ?? now.AddDays(-10), notAfter ?? now.AddDays(10), Serial());
        var withKey = key is RSA rsaPrivate ? issued.CopyWithPrivateKey(rsaPrivate) : issued.CopyWithPrivateKey((ECDsa)key);
        return new TestCertificate(withKey, Pem(issued.ExportCertificatePem()), Pem(key.ExportPkcs8PrivateKeyPem()));
    }

    public void Dispose()
    {
        Root.Certificate.Dispose();
        TrustedRoot.Dispose();
    }

    // PEM files end their lines, so files made by concatenation stay well-formed.
    private static string Pem(string text) => text + "\n";

    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }
}
