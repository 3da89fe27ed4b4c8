namespace Guardrails.EndToEnd.Webhook;

/// <summary>Which of the chart's webhooks are registered.</summary>
public enum WebhookMode
{
    /// <summary>The chart's default: the mutating and the validating webhook.</summary>
    Both,

    /// <summary><c>webhook.mutating.enabled=false</c>: the validating webhook alone.</summary>
    ValidatingOnly,
}
