using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>What the web host itself is allowed to do beside serving.</summary>
public sealed class HostConfigurationTests
{
    [Fact]
    public async Task No_configuration_file_is_watched()
    {
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels);

        var configuration = (IConfigurationRoot)server.Services.GetRequiredService<IConfiguration>();

        // A reloading JSON source puts a recursive file watcher on the content root: CPU on every write below it.
        configuration.Providers.OfType<JsonConfigurationProvider>().Should().OnlyContain(p => !p.Source.ReloadOnChange);
        configuration.Providers.OfType<JsonConfigurationProvider>().Should().NotBeEmpty("the defaults still read appsettings.json; they must not watch it");
    }
}
