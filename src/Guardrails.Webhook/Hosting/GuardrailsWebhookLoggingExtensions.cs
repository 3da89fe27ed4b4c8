using Guardrails.Webhook.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Hosting;

/// <summary>The webhook's console log, as <c>guardrails serve</c> writes it.</summary>
public static class GuardrailsWebhookLoggingExtensions
{
    /// <summary>
    /// Replaces the log providers with the webhook's console log: JSON or text lines on standard output, written by the
    /// logging thread into a standard output flushed in batches (one decision line per review would otherwise cost a
    /// write system call each), ASP.NET Core's per-request lines left out, and the host's own report of a failed start
    /// left out (the caller says why in one line: <see cref="WebhookStartException"/>).
    /// </summary>
    /// <param name="logging">The host's logging builder.</param>
    /// <param name="format">JSON or text lines.</param>
    /// <returns><paramref name="logging"/>, for chaining.</returns>
    public static ILoggingBuilder AddGuardrailsWebhookConsole(this ILoggingBuilder logging, WebhookLogFormat format)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        // One line per decision is the webhook's own log; ASP.NET Core's per-request lines would triple it.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var start = new HostStartGate();
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level >= LogLevel.Information && (start.Started || level < LogLevel.Error));
        logging.Services.AddSingleton<IHostedService>(start);
        if (format == WebhookLogFormat.Text)
        {
            logging.AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss "; });
        }
        else
        {
            logging.AddJsonConsole(json => { json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; json.UseUtcTimestamp = true; });
        }

        // A decision line per review: written by the request's thread into the batched standard output, not queued
        // for the console logger's own thread.
        logging.Services.AddSingleton(_ => BufferedStandardOutput.Install(TimeSpan.FromMilliseconds(200)));
        logging.UseSynchronousConsole();
        return logging;
    }
}
