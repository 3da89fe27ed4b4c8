using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Guardrails.Webhook.Tls;

/// <summary>Turns PEM texts into a certificate with its private key and the intermediates that follow it.</summary>
internal static class PemCertificateLoader
{
    private static readonly string[] PrivateKeyLabels = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY"];

    /// <summary>Loads the leaf (first certificate) with the key, and the rest of the certificate file as its chain.</summary>
    /// <exception cref="CertificateLoadException">A file holds no usable PEM, or the key does not match the certificate.</exception>
    public static (X509Certificate2 Certificate, X509Certificate2Collection Intermediates) Load(CertificateFileContents contents)
    {
        var certificates = ReadCertificates(contents.Files.CertificatePath, contents.CertificatePem);
        RequirePrivateKey(contents.Files.KeyPath, contents.KeyPem);
        var leaf = certificates[0];
        var withKey = SslStreamKeys.Usable(AttachKey(leaf, contents));
        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < certificates.Count; i++)
        {
            intermediates.Add(certificates[i]);
        }

        leaf.Dispose();
        return (withKey, intermediates);
    }

    private static X509Certificate2Collection ReadCertificates(string path, string pem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new CertificateLoadException($"The TLS certificate file '{path}' holds a malformed certificate: {ex.Message}", ex);
        }

        return certificates.Count > 0
            ? certificates
            : throw new CertificateLoadException($"The TLS certificate file '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
    }

    private static void RequirePrivateKey(string path, string pem)
    {
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (PrivateKeyLabels.Contains(rest[fields.Label].ToString(), StringComparer.Ordinal))
            {
                return;
            }

            rest = rest[fields.Location.End..];
        }

        throw new CertificateLoadException($"The TLS key file '{path}' holds no PEM private key (-----BEGIN PRIVATE KEY-----).");
    }

    private static X509Certificate2 AttachKey(X509Certificate2 certificate, CertificateFileContents contents)
    {
        using var rsaPublic = certificate.GetRSAPublicKey();
        if (rsaPublic is not null)
        {
            using var rsa = RSA.Create();
            ImportKey(rsa, "RSA", contents);
            return CopyWithKey(() => certificate.CopyWithPrivateKey(rsa), contents);
        }

        using var ecdsaPublic = certificate.GetECDsaPublicKey();
        if (ecdsaPublic is not null)
        {
            using var ecdsa = ECDsa.Create();
            ImportKey(ecdsa, "ECDSA", contents);
            return CopyWithKey(() => certificate.CopyWithPrivateKey(ecdsa), contents);
        }

        throw new CertificateLoadException(
            $"The TLS certificate in '{contents.Files.CertificatePath}' has a {certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value} key; only RSA and ECDSA are supported.");
    }

    private static void ImportKey(AsymmetricAlgorithm key, string algorithm, CertificateFileContents contents)
    {
        try
        {
            key.ImportFromPem(contents.KeyPem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new CertificateLoadException(
                $"The TLS key file '{contents.Files.KeyPath}' holds no usable {algorithm} private key for the certificate in '{contents.Files.CertificatePath}': {ex.Message}", ex);
        }
    }

    private static X509Certificate2 CopyWithKey(Func<X509Certificate2> copy, CertificateFileContents contents)
    {
        try
        {
            return copy();
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new CertificateLoadException(
                $"The private key in '{contents.Files.KeyPath}' does not match the certificate in '{contents.Files.CertificatePath}'.", ex);
        }
    }
}
