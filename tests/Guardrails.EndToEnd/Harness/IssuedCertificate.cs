namespace Guardrails.EndToEnd.Harness;

/// <summary>A serving certificate and its private key, PEM encoded.</summary>
internal sealed record IssuedCertificate(string CertificatePem, string PrivateKeyPem)
{
    /// <summary>Writes <c>tls.crt</c> and <c>tls.key</c> (as a Kubernetes TLS Secret names them) into <paramref name="folder"/>.</summary>
    public (string Certificate, string Key) WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        var certificate = Path.Combine(folder, "tls.crt");
        var key = Path.Combine(folder, "tls.key");
        File.WriteAllText(certificate, CertificatePem);
        File.WriteAllText(key, PrivateKeyPem);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (certificate, key);
    }
}
