using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Guardrails.BenchServer;

/// <summary>
/// <c>POST /baseline</c> of the load benchmark's server (never in <c>guardrails serve</c>): the same TLS and HTTP as <c>/validate</c> and the same whole-body copy (<see cref="BaselineBody"/>), then a fixed
/// answer, so the difference to <c>/validate</c> is what parsing and judging cost. <c>?read=tokens</c> also reads the
/// whole body into one buffer, as <c>/validate</c> does, and reads every JSON token with System.Text.Json's reader, keeping nothing;
/// <c>?read=document</c> parses it into a <see cref="JsonDocument"/>, as <c>/validate</c> does. These two are floors:
/// what any webhook built on that reader, or on that document, pays before it judges anything.
/// </summary>
internal static class TransportBaseline
{
    private static readonly byte[] Answer = """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"baseline","allowed":true}}"""u8.ToArray();

    public static async Task HandleAsync(HttpContext context, long maxRequestBytes)
    {
        var requested = context.Request.Query["read"].ToString() switch
        {
            "" => BaselineRead.Nothing,
            "tokens" => BaselineRead.Tokens,
            "document" => BaselineRead.Document,
            _ => (BaselineRead?)null,
        };
        if (requested is not { } mode)
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest, "read is tokens, document or absent\n"u8.ToArray()).ConfigureAwait(false);
            return;
        }

        if (mode == BaselineRead.Nothing)
        {
            await BaselineBody.DrainAsync(context).ConfigureAwait(false);
            await AnswerAsync(context, StatusCodes.Status200OK, Answer).ConfigureAwait(false);
            return;
        }

        // The whole body in one buffer, as /validate holds it, so the floor includes what /validate pays to hold it.
        using var body = await BaselineBody.ReadAsync(context, maxRequestBytes).ConfigureAwait(false);
        if (body.ClientGone)
        {
            return;
        }

        if (body.TooLarge is { } tooLarge)
        {
            await AnswerAsync(context, StatusCodes.Status413PayloadTooLarge, System.Text.Encoding.UTF8.GetBytes(tooLarge + "\n")).ConfigureAwait(false);
        }
        else if (ReadJson(body.Bytes, mode) is { } problem)
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest, problem).ConfigureAwait(false);
        }
        else
        {
            await AnswerAsync(context, StatusCodes.Status200OK, Answer).ConfigureAwait(false);
        }
    }

    private static byte[]? ReadJson(ReadOnlyMemory<byte> bytes, BaselineRead mode)
    {
        try
        {
            if (mode == BaselineRead.Document)
            {
                using var document = JsonDocument.Parse(bytes);
                return document.RootElement.ValueKind == JsonValueKind.Object ? null : "not a JSON object\n"u8.ToArray();
            }

            var reader = new Utf8JsonReader(bytes.Span);
            while (reader.Read())
            {
                // Every token is read and dropped: the reading itself is the floor being measured.
            }

            return null;
        }
        catch (JsonException ex)
        {
            return System.Text.Encoding.UTF8.GetBytes($"not JSON: {ex.Message}\n");
        }
    }

    private static async Task AnswerAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = status == StatusCodes.Status200OK ? "application/json" : "text/plain";
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private enum BaselineRead
    {
        Nothing,
        Tokens,
        Document,
    }
}
