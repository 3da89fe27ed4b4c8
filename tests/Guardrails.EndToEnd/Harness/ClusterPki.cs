using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Guardrails.EndToEnd.Harness;

/// <summary>
/// The test cluster's own PKI, made fresh for each run: one CA that signs the API server's and every webhook's serving
/// certificate (so it is the webhooks' caBundle too), and the service-account signing key. ECDSA P-256 throughout:
/// quick to generate, and accepted by kube-apiserver, Go's TLS and Kestrel.
/// </summary>
internal sealed class ClusterPki : IDisposable
{
    private readonly ECDsa _caKey;
    private readonly X509Certificate2 _ca;

    public ClusterPki()
    {
        _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=guardrails-e2e-ca", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        _ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
        CaPem = _ca.ExportCertificatePem();
        using var serviceAccountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ServiceAccountPrivateKeyPem = serviceAccountKey.ExportPkcs8PrivateKeyPem();
        ServiceAccountPublicKeyPem = serviceAccountKey.ExportSubjectPublicKeyInfoPem();
    }

    public string CaPem { get; }

    /// <summary>The CA as a webhook configuration's <c>caBundle</c> (base64 of the PEM).</summary>
    public string CaBundle => Convert.ToBase64String(Encoding.ASCII.GetBytes(CaPem));

    public string ServiceAccountPrivateKeyPem { get; }

    public string ServiceAccountPublicKeyPem { get; }

    /// <summary>A serving certificate for <paramref name="dnsNames"/> and 127.0.0.1, signed by the CA.</summary>
    public IssuedCertificate IssueServing(string commonName, params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(_ca, now.AddMinutes(-5), now.AddDays(7), serial);
        return new IssuedCertificate(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>An HTTP client that trusts only this CA, for the API server and the webhooks.</summary>
    public HttpClient CreateClient(Uri baseAddress, TimeSpan timeout)
    {
        var authority = X509Certificate2.CreateFromPem(CaPem);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxConnectionsPerServer = 32,
            // Warning headers carry UTF-8 (the webhook clips long warnings with "…"); .NET would read them as Latin-1.
            ResponseHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(authority);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    using var leaf = new X509Certificate2(certificate);
                    return chain.Build(leaf);
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout };
    }

    public void Dispose()
    {
        _ca.Dispose();
        _caKey.Dispose();
    }
}
