using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Exceptions;

namespace Guardrails.Webhook.Cluster;

/// <summary>
/// The connection to the API server a <see cref="KubernetesClientConfiguration"/> describes: its address, TLS (the
/// cluster's CA, <c>insecure-skip-tls-verify</c>, <c>tls-server-name</c>, a client certificate) and HTTP settings, as
/// KubernetesClient's <c>Kubernetes</c> client sets them up. That client is not constructed: it builds KubernetesClient's
/// JSON options over every Kubernetes model, and linking it puts about 5,000 static bases of those models into the
/// executable, which Native AOT allocates at every start of every command (2 ms of each <c>guardrails check</c>). The
/// server's certificate must name the server (or the kubeconfig's <c>tls-server-name</c>) and chain to the cluster's CA
/// (KubernetesClient's own <see cref="Kubernetes.CertificateValidationCallBack"/>), and credentials (tokens, refreshed service-account tokens, exec plugins, basic auth) come from
/// <see cref="Kubernetes.CreateCredentials"/>.
/// </summary>
internal static class ClusterHttp
{
    /// <summary>The API server's address, ending in <c>/</c> so that relative paths keep a path prefix (<c>https://host/k8s/clusters/c1/</c>).</summary>
    /// <exception cref="KubeConfigException">No host, or one that is not an absolute URL.</exception>
    public static Uri BaseUri(KubernetesClientConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration.Host))
        {
            throw new KubeConfigException("the configuration names no API server (no host)");
        }

        if (!Uri.TryCreate(configuration.Host, UriKind.Absolute, out var host) || host.Scheme is not ("https" or "http"))
        {
            throw new KubeConfigException($"the API server's address '{configuration.Host}' is not an http or https URL");
        }

        return host.AbsolutePath.EndsWith('/') ? host : new Uri(host.AbsoluteUri + "/");
    }

    /// <summary>An HTTP client for <paramref name="baseUri"/>: TLS as the configuration says, no retries, no redirects.</summary>
    /// <exception cref="KubeConfigException">The client certificate or its key cannot be read.</exception>
    public static HttpClient CreateClient(KubernetesClientConfiguration configuration, Uri baseUri)
    {
        var handler = new SocketsHttpHandler
        {
            // KubernetesClient's settings: pings keep a long watch's connection known to be alive.
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            KeepAlivePingDelay = TimeSpan.FromMinutes(3),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            AllowAutoRedirect = false,
        };

        if (baseUri.Scheme == Uri.UriSchemeHttps)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = Validation(configuration);

            if (ClientCertificate(configuration) is { } certificate)
            {
                handler.SslOptions.ClientCertificates = [certificate];
            }
        }

        var client = new HttpClient(handler, disposeHandler: true)
        {
            // A bound on connecting and on the headers of every call (watches included), and on the body of a read whole.
            Timeout = configuration.HttpClientTimeout,
        };
        if (!string.IsNullOrEmpty(configuration.UserAgent))
        {
            client.DefaultRequestHeaders.UserAgent.TryParseAdd(configuration.UserAgent);
        }

        return client;
    }

    private static RemoteCertificateValidationCallback? Validation(KubernetesClientConfiguration configuration)
    {
        if (configuration.SkipTlsVerify)
        {
            // The kubeconfig asks for it (insecure-skip-tls-verify), as kubectl honours it.
#pragma warning disable CA5359
            return static (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        var authorities = configuration.SslCaCerts is { Count: > 0 } given ? given : null;
        var serverName = string.IsNullOrEmpty(configuration.TlsServerName) ? null : configuration.TlsServerName;
        if (authorities is null && serverName is null)
        {
            // No CA in the kubeconfig: the system's trusted roots and the server's name decide, as for any HTTPS server.
            return null;
        }

        return (sender, certificate, chain, errors) =>
        {
            if (certificate is not X509Certificate2 served || chain is null)
            {
                return false;
            }

            // The certificate must name the server, as kubectl checks: the kubeconfig's tls-server-name when it gives one
            // (the connection itself checked the address's host), else the address's host.
            if (serverName is not null)
            {
                if (!served.MatchesHostname(serverName))
                {
                    return false;
                }

                errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
            }
            else if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                // KubernetesClient's callback alone would accept any name once the chain ends in the CA.
                return false;
            }

            // The chain must end in the cluster's CA (KubernetesClient's own check), or in a system root without one.
            return authorities is null
                ? errors == SslPolicyErrors.None
                : Kubernetes.CertificateValidationCallBack(sender, authorities, served, chain, errors);
        };
    }

    /// <summary>The client certificate with its key, from the kubeconfig's data (base64 PEM) or files; null when there is none.</summary>
    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration configuration)
    {
        var hasCertificate = !string.IsNullOrWhiteSpace(configuration.ClientCertificateData) || !string.IsNullOrWhiteSpace(configuration.ClientCertificateFilePath);
        var hasKey = !string.IsNullOrWhiteSpace(configuration.ClientCertificateKeyData) || !string.IsNullOrWhiteSpace(configuration.ClientKeyFilePath);
        if (!hasCertificate || !hasKey)
        {
            return null;
        }

        try
        {
            var certificate = Pem(configuration.ClientCertificateData, configuration.ClientCertificateFilePath);
            var key = Pem(configuration.ClientCertificateKeyData, configuration.ClientKeyFilePath);
            return X509Certificate2.CreateFromPem(certificate, key);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new KubeConfigException($"the client certificate cannot be read: {ex.Message}", ex);
        }
    }

    private static string Pem(string? base64, string? path) =>
        !string.IsNullOrWhiteSpace(base64) ? Encoding.UTF8.GetString(Convert.FromBase64String(base64)) : File.ReadAllText(path!);
}
