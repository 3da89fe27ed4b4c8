using System.Globalization;
using System.Text.Json;
using Guardrails.Webhook.Autoscalers;
using Guardrails.Webhook.Namespaces;
using Guardrails.Webhook.PolicyReload;
using Microsoft.AspNetCore.Http;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// <c>GET /readyz</c>: ready when a policy set is loaded, the namespace labels and the autoscalers can be served and the webhook is not
/// draining; the body names the policy-set revision and the last reload problem, if any.
/// </summary>
internal static class Readiness
{
    public static async Task WriteAsync(HttpContext context, PolicySetProvider policies, INamespaceLabelSource namespaces, IAutoscalerSource autoscalers, ReadinessState readiness)
    {
        var status = policies.Status;
        var reasons = new List<string>();
        if (policies.Current is null)
        {
            reasons.Add("no policy set is loaded");
        }

        if (!namespaces.IsReady)
        {
            reasons.Add("the namespace cache has not synced");
        }

        if (!autoscalers.IsReady)
        {
            reasons.Add("the autoscaler cache has not synced");
        }

        if (readiness.Draining)
        {
            reasons.Add("draining after a termination signal");
        }

        context.Response.StatusCode = reasons.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("status", reasons.Count == 0 ? "ready" : "not ready");
            writer.WriteStartArray("reasons");
            foreach (var reason in reasons)
            {
                writer.WriteStringValue(reason);
            }

            writer.WriteEndArray();
            if (policies.Current is { } current)
            {
                writer.WriteString("revision", current.Revision);
                writer.WriteString("loadedAt", current.LoadedAt.ToString("O", CultureInfo.InvariantCulture));
            }

            if (status.LastReloadError is { } error)
            {
                writer.WriteString("lastReloadError", error);
            }

            writer.WriteString("namespaces", namespaces.Description);
            writer.WriteString("autoscalers", autoscalers.Description);
            writer.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
