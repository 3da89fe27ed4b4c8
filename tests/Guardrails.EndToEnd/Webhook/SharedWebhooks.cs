using Guardrails.EndToEnd.Harness;

namespace Guardrails.EndToEnd.Webhook;

/// <summary>
/// The run's everyday webhook: one serve instance, with the chart's configurations registered for it twice, in the
/// chart's default mode (both webhooks) and with the mutating webhook switched off. Tests pick a mode by creating
/// their namespaces in the registration's scope.
/// </summary>
internal sealed record SharedWebhooks(ServeInstance Serve, WebhookRegistration Both, WebhookRegistration ValidatingOnly)
{
    public WebhookRegistration For(WebhookMode mode) => mode == WebhookMode.Both ? Both : ValidatingOnly;

    public static async Task<SharedWebhooks> StartAsync(TestCluster cluster)
    {
        var serve = await cluster.StartServeAsync("shared");
        var both = cluster.RegisterAsync("both", WebhookMode.Both, serve);
        var validating = cluster.RegisterAsync("validating", WebhookMode.ValidatingOnly, serve);
        return new SharedWebhooks(serve, await both, await validating);
    }
}
