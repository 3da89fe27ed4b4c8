using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace Guardrails.Webhook.Tls;

/// <summary>Decides whether a certificate is fit to serve: in its validity period and allowed for server authentication.</summary>
internal static class CertificateChecks
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string AnyExtendedKeyUsage = "2.5.29.37.0";

    /// <summary>Checks <paramref name="certificate"/> at <paramref name="now"/>, returning warnings worth logging.</summary>
    /// <exception cref="CertificateLoadException">The certificate has expired or may not authenticate a server.</exception>
    public static IReadOnlyList<string> Check(X509Certificate2 certificate, string path, DateTimeOffset now, TimeSpan expiryWarning)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        if (notAfter <= now)
        {
            throw new CertificateLoadException($"The TLS certificate in '{path}' ({certificate.Subject}) expired on {Format(notAfter)}.");
        }

        if (!AllowsServerAuthentication(certificate))
        {
            throw new CertificateLoadException(
                $"The TLS certificate in '{path}' ({certificate.Subject}) has an extended key usage without serverAuth ({ServerAuthentication}).");
        }

        var warnings = new List<string>();
        if (notBefore > now)
        {
            // A clock slightly behind the issuer's is common right after issuance; clients decide for themselves.
            warnings.Add($"The TLS certificate in '{path}' ({certificate.Subject}) is not valid before {Format(notBefore)}.");
        }

        if (notAfter - now < expiryWarning)
        {
            warnings.Add($"The TLS certificate in '{path}' ({certificate.Subject}) expires on {Format(notAfter)}.");
        }

        return warnings;
    }

    private static bool AllowsServerAuthentication(X509Certificate2 certificate)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().ToList();
        return usages.Count == 0 || usages.Any(extension => extension.EnhancedKeyUsages
            .Cast<System.Security.Cryptography.Oid>()
            .Any(oid => oid.Value is ServerAuthentication or AnyExtendedKeyUsage));
    }

    private static string Format(DateTimeOffset instant) => instant.ToString("u", CultureInfo.InvariantCulture);
}
