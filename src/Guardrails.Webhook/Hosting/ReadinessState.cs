namespace Guardrails.Webhook.Hosting;

/// <summary>Whether the webhook is draining after SIGTERM (then <c>/readyz</c> fails while requests are still served).</summary>
internal sealed class ReadinessState
{
    private volatile bool _draining;

    public bool Draining => _draining;

    public void StartDraining() => _draining = true;
}
