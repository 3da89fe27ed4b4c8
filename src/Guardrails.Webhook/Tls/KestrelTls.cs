using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Guardrails.Webhook.Tls;

/// <summary>Puts an endpoint of Kestrel behind TLS 1.2/1.3 with a <see cref="ServingCertificate"/>, for HTTP/1.1 and HTTP/2.</summary>
internal static class KestrelTls
{
    /// <summary>The protocol versions served; anything older is refused during the handshake.</summary>
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Serves <paramref name="options"/> over TLS with the certificate current at each handshake.</summary>
    public static void Configure(ListenOptions options, ServingCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Configure(options, () => certificate);
    }

    /// <summary>Serves <paramref name="options"/> over TLS with the certificate <paramref name="certificate"/> gives at each handshake.</summary>
    public static void Configure(ListenOptions options, Func<ServingCertificate> certificate)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(certificate);
        options.Protocols = HttpProtocols.Http1AndHttp2;
        // A handshake callback rather than a certificate selector: it hands SslStream the intermediates from the
        // certificate file too, and still reads the certificate per connection so a rotation needs no restart.
        options.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(ServerOptions(certificate())),
        });
    }

    /// <summary>The handshake options of one connection; Kestrel adds ALPN (h2, http/1.1) from the endpoint's protocols.</summary>
    public static SslServerAuthenticationOptions ServerOptions(ServingCertificate certificate) => new()
    {
        ServerCertificateContext = certificate.Context,
        EnabledSslProtocols = Protocols,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };
}
