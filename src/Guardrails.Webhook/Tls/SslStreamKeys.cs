using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;

namespace Guardrails.Webhook.Tls;

/// <summary>Makes a certificate whose private key lives only in memory usable by <see cref="System.Net.Security.SslStream"/>.</summary>
internal static class SslStreamKeys
{
    /// <summary>Returns the certificate itself on Linux and macOS; on Windows a copy re-imported through PKCS#12.</summary>
    public static X509Certificate2 Usable(X509Certificate2 certificate) =>
        OperatingSystem.IsWindows() ? ReimportOnWindows(certificate) : certificate;

    // SChannel refuses ephemeral keys (the kind PEM imports and CopyWithPrivateKey create); OpenSSL takes them as they are.
    [SupportedOSPlatform("windows")]
    private static X509Certificate2 ReimportOnWindows(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
        }
    }
}
