using System.Net;

namespace Guardrails.Webhook.Audit;

/// <summary>An answer of the API server: its status and its body.</summary>
internal sealed record ClusterAnswer(HttpStatusCode Status, byte[] Body);
