using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Guardrails.Webhook.Tls;

/// <summary>One loaded certificate with everything a handshake needs, swapped as a whole so readers never mix two.</summary>
internal sealed class CertificateSnapshot : IDisposable
{
    private CertificateSnapshot(X509Certificate2 certificate, X509Certificate2Collection intermediates, SslStreamCertificateContext context)
    {
        Certificate = certificate;
        Intermediates = intermediates;
        Context = context;
        NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
    }

    /// <summary>The serving (leaf) certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The intermediates sent along with the leaf.</summary>
    public X509Certificate2Collection Intermediates { get; }

    /// <summary>The leaf and its chain, prepared once for every handshake.</summary>
    public SslStreamCertificateContext Context { get; }

    /// <summary>When the leaf expires.</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>Prepares a snapshot; the chain is built offline because the intermediates come with the files.</summary>
    public static CertificateSnapshot Create(X509Certificate2 certificate, X509Certificate2Collection intermediates) =>
        new(certificate, intermediates, SslStreamCertificateContext.Create(certificate, intermediates, offline: true));

    /// <inheritdoc />
    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var intermediate in Intermediates)
        {
            intermediate.Dispose();
        }
    }
}
