using Microsoft.AspNetCore.Builder;

namespace Guardrails.Webhook.Hosting;

/// <summary>The web application builder the webhook runs in.</summary>
public static class GuardrailsWebhookApplication
{
    /// <summary>
    /// A slim web application builder (Kestrel, no IIS, no default HTTPS configuration) whose content root is the
    /// binary's folder and whose configuration files are read once, never watched: the defaults watch
    /// <c>appsettings.json</c> with a recursive file watcher on the working directory, and in a busy directory (or /)
    /// that costs CPU on every write there, while nothing here is configured by those files.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder() => WebApplication.CreateSlimBuilder(new WebApplicationOptions
    {
        Args = ["--hostBuilder:reloadConfigOnChange=false"],
        ContentRootPath = AppContext.BaseDirectory,
    });
}
