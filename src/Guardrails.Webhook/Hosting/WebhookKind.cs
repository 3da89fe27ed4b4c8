namespace Guardrails.Webhook.Hosting;

/// <summary>Which admission webhook a request came to.</summary>
internal enum WebhookKind
{
    Validate,
    Mutate,
}
