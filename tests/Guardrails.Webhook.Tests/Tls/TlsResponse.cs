using System.Security.Cryptography.X509Certificates;

namespace Guardrails.Webhook.Tests.Tls;

/// <summary>What one HTTPS request saw: the server's certificate, the TLS protocol the server reported, the HTTP version.</summary>
internal sealed record TlsResponse(X509Certificate2 Certificate, string Protocol, Version HttpVersion);
