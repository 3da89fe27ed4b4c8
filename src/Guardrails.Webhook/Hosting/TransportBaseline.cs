using Microsoft.AspNetCore.Http;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// <c>POST /baseline</c> for the load benchmark: the same TLS, HTTP and body read as <c>/validate</c>, then a fixed
/// answer, so the difference to <c>/validate</c> is what parsing and judging cost.
/// </summary>
internal static class TransportBaseline
{
    private static readonly byte[] Answer = """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"baseline","allowed":true}}"""u8.ToArray();

    public static async Task HandleAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Answer, context.RequestAborted).ConfigureAwait(false);
    }
}
