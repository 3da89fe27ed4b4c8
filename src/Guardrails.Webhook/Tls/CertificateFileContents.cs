namespace Guardrails.Webhook.Tls;

/// <summary>What <see cref="CertificateFiles.Read"/> found: both texts and a fingerprint that changes when either does.</summary>
/// <param name="Files">The files read.</param>
/// <param name="CertificatePem">The text of the certificate file.</param>
/// <param name="KeyPem">The text of the key file.</param>
/// <param name="Fingerprint">A hash of both contents.</param>
internal sealed record CertificateFileContents(CertificateFiles Files, string CertificatePem, string KeyPem, string Fingerprint);
