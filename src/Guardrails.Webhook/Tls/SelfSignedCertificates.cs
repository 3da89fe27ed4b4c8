using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Guardrails.Webhook.Tls;

/// <summary>Generates a throwaway CA and a serving certificate signed by it, for running the webhook locally.</summary>
internal static class SelfSignedCertificates
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Creates an ECDSA P-256 CA and a serving certificate valid for a year for <paramref name="dnsNames"/>
    /// (entries that are IP addresses become IP names) plus 127.0.0.1 and ::1.
    /// </summary>
    public static SelfSignedCertificate Create(IReadOnlyList<string> dnsNames, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        if (dnsNames.Count == 0 || dnsNames.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("At least one DNS name is needed, and none may be blank.", nameof(dnsNames));
        }

        var now = (time ?? TimeProvider.System).GetUtcNow();
        var notBefore = now - ClockSkew;
        var notAfter = now.AddYears(1);
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var authority = CreateAuthority(authorityKey, notBefore, notAfter);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issued = ServingRequest(key, dnsNames, authority).Create(authority, notBefore, notAfter, SerialNumber());
        var certificate = SslStreamKeys.Usable(issued.CopyWithPrivateKey(key));
        return new SelfSignedCertificate(certificate, X509CertificateLoader.LoadCertificate(authority.RawData), key.ExportPkcs8PrivateKeyPem());
    }

    private static X509Certificate2 CreateAuthority(ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddOrganizationName("Guardrails");
        name.AddCommonName($"Guardrails local CA {notBefore.UtcDateTime:yyyy-MM-dd HH:mm:ss}");
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    private static CertificateRequest ServingRequest(ECDsa key, IReadOnlyList<string> dnsNames, X509Certificate2 authority)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddOrganizationName("Guardrails");
        name.AddCommonName("Guardrails webhook");
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        var alternativeNames = new SubjectAlternativeNameBuilder();
        var (names, addresses) = AlternativeNames(dnsNames);
        foreach (var dnsName in names)
        {
            alternativeNames.AddDnsName(dnsName);
        }

        foreach (var address in addresses)
        {
            alternativeNames.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(alternativeNames.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        return request;
    }

    /// <summary>
    /// The DNS names and IP addresses the certificate lists, each once: DNS names compared without case (as TLS
    /// clients match them), addresses by value (<c>::1</c> and <c>0:0::1</c> are one), the loopback addresses last
    /// unless given.
    /// </summary>
    internal static (IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> Addresses) AlternativeNames(IReadOnlyList<string> names)
    {
        var dnsNames = new List<string>();
        var addresses = new List<IPAddress>();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                if (!addresses.Contains(address))
                {
                    addresses.Add(address);
                }
            }
            else if (!dnsNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                dnsNames.Add(name);
            }
        }

        foreach (var loopback in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            if (!addresses.Contains(loopback))
            {
                addresses.Add(loopback);
            }
        }

        return (dnsNames, addresses);
    }

    // A positive 128-bit random serial, as RFC 5280 and the CA/Browser Forum expect.
    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }
}
