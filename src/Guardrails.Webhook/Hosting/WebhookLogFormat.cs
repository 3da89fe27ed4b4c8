namespace Guardrails.Webhook.Hosting;

/// <summary>How the webhook's log lines are written to standard output.</summary>
public enum WebhookLogFormat
{
    /// <summary>One JSON object per line, UTC timestamps (for log collectors).</summary>
    Json,

    /// <summary>One line of text per entry, local time (for people).</summary>
    Text,
}
