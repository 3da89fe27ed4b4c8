using Guardrails.Engine.Loading;
using Guardrails.Webhook.Hosting;
using Guardrails.Webhook.PolicyReload;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Guardrails.BenchServer;

/// <summary>
/// <c>guardrails-bench-server --policies DIR --self-signed-out DIR [--namespace-labels NS=K=V] [--address A] [--port P]
/// [--log-format json|text] [--drain-seconds S]</c>: the webhook as <c>guardrails serve --no-cluster --self-signed</c>
/// runs it, plus <c>POST /baseline</c> (<see cref="TransportBaseline"/>).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var labels = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--namespace-labels" && args[i + 1].Split('=', 3) is [var name, var key, var value])
            {
                labels[name] = new Dictionary<string, string>(StringComparer.Ordinal) { [key] = value };
            }
            else
            {
                values[args[i]] = args[i + 1];
            }
        }

        if (args.Length % 2 != 0 || !values.TryGetValue("--policies", out var policies))
        {
            await Console.Error.WriteLineAsync("usage: guardrails-bench-server --policies DIR [--self-signed-out DIR] [--namespace-labels NS=KEY=VALUE] [--address A] [--port P] [--log-format json|text] [--drain-seconds S]").ConfigureAwait(false);
            return 2;
        }

        var builder = GuardrailsWebhookApplication.CreateBuilder();
        builder.Logging.AddGuardrailsWebhookConsole(values.GetValueOrDefault("--log-format") == "text" ? WebhookLogFormat.Text : WebhookLogFormat.Json);
        WebhookOptions? configured = null;
        builder.Services.AddGuardrailsWebhook(options =>
        {
            options.Address = values.GetValueOrDefault("--address", "127.0.0.1");
            options.Port = int.Parse(values.GetValueOrDefault("--port", "8443"), System.Globalization.CultureInfo.InvariantCulture);
            options.SelfSigned = true;
            options.SelfSignedOutput = values.GetValueOrDefault("--self-signed-out");
            options.DrainPeriod = TimeSpan.FromSeconds(double.Parse(values.GetValueOrDefault("--drain-seconds", "0"), System.Globalization.CultureInfo.InvariantCulture));
            options.UseCluster = false;
            options.NamespaceLabels = labels;
            options.LoadPolicies = () =>
            {
                var loaded = PolicyLoader.LoadPaths([policies]);
                return EngineLoadResult.From(loaded.PolicySet, null, loaded.Problems);
            };
            options.PolicySourceDescription = policies;
            configured = options;
        });
        await using var app = builder.Build();
        app.MapGuardrailsWebhook();
        app.MapPost("/baseline", context => TransportBaseline.HandleAsync(context, configured!.MaxRequestBytes));
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (WebhookStartException.Explain(ex, configured ?? new WebhookOptions()) is { } failure)
        {
            foreach (var detail in failure.Details)
            {
                await Console.Error.WriteLineAsync(detail).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync($"error: {failure.Message}").ConfigureAwait(false);
            return 2;
        }

        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}
