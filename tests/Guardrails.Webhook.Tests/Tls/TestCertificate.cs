using System.Security.Cryptography.X509Certificates;

namespace Guardrails.Webhook.Tests.Tls;

/// <summary>An issued certificate with its key, and both as PEM.</summary>
internal sealed record TestCertificate(X509Certificate2 Certificate, string CertificatePem, string KeyPem)
{
    public string SerialNumber => Certificate.SerialNumber;
}
