using System.Security.Cryptography;
using System.Text;

namespace Guardrails.Webhook.Tls;

/// <summary>The PEM certificate and key files of a serving certificate, read together.</summary>
/// <param name="CertificatePath">The full path of the certificate file (the leaf, then any intermediates).</param>
/// <param name="KeyPath">The full path of the private key file.</param>
internal sealed record CertificateFiles(string CertificatePath, string KeyPath)
{
    /// <summary>The folders holding the files: the ones to watch, since Kubernetes swaps a symlink beside the files.</summary>
    public IEnumerable<string> Folders =>
        new[] { CertificatePath, KeyPath }.Select(path => Path.GetDirectoryName(path)!).Distinct(StringComparer.Ordinal);

    /// <summary>Reads both files through any symlinks.</summary>
    /// <exception cref="CertificateLoadException">A file is missing or unreadable.</exception>
    public CertificateFileContents Read()
    {
        var certificate = ReadFile(CertificatePath, "certificate");
        var key = ReadFile(KeyPath, "key");
        var fingerprint = Convert.ToHexString(SHA256.HashData(certificate)) + Convert.ToHexString(SHA256.HashData(key));
        return new CertificateFileContents(this, Encoding.UTF8.GetString(certificate), Encoding.UTF8.GetString(key), fingerprint);
    }

    private static byte[] ReadFile(string path, string kind)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CertificateLoadException($"The TLS {kind} file '{path}' does not exist.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CertificateLoadException($"The TLS {kind} file '{path}' cannot be read: {ex.Message}", ex);
        }
    }
}
