using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Guardrails.Webhook.Tls;

/// <summary>A generated serving certificate and the CA that signed it, for local use with <c>--self-signed</c>.</summary>
internal sealed class SelfSignedCertificate : IDisposable
{
    private readonly string _privateKeyPem;

    /// <summary>Wraps generated certificates; <paramref name="privateKeyPem"/> is the serving certificate's PKCS#8 key.</summary>
    public SelfSignedCertificate(X509Certificate2 certificate, X509Certificate2 authority, string privateKeyPem)
    {
        ServingCertificate = certificate;
        Authority = authority;
        _privateKeyPem = privateKeyPem;
    }

    /// <summary>The serving certificate, with its private key.</summary>
    public X509Certificate2 ServingCertificate { get; }

    /// <summary>The CA certificate, without a private key: nothing else can ever be signed by it.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The CA certificate as PEM (<c>-----BEGIN CERTIFICATE-----</c>): the bundle clients trust.</summary>
    public string CaBundlePem => Authority.ExportCertificatePem() + "\n";

    /// <summary>The base64 of <see cref="CaBundlePem"/>: the value of a webhook configuration's <c>caBundle</c>.</summary>
    public string CaBundleBase64 => Convert.ToBase64String(Encoding.ASCII.GetBytes(CaBundlePem));

    /// <summary>Writes <c>tls.crt</c>, <c>tls.key</c> (readable by the owner only) and <c>ca.crt</c> into <paramref name="folder"/>.</summary>
    public void WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        Write(Path.Combine(folder, "tls.crt"), ServingCertificate.ExportCertificatePem() + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Write(Path.Combine(folder, "tls.key"), _privateKeyPem + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Write(Path.Combine(folder, "ca.crt"), CaBundlePem, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ServingCertificate.Dispose();
        Authority.Dispose();
    }

    private static void Write(string path, string text, UnixFileMode mode)
    {
        // Written beside the target and renamed over it: a reader that waits for the file (a script, a sidecar,
        // a test) never sees it half written, and the mode applies even when an older copy exists.
        var partial = path + ".partial";
        File.Delete(partial);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var stream = new FileStream(partial, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(text));
            stream.Flush(flushToDisk: true);
        }

        File.Move(partial, path, overwrite: true);
    }
}
