using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// <c>POST /baseline</c> for the load benchmark: the same TLS, HTTP and body read as <c>/validate</c>, then a fixed
/// answer, so the difference to <c>/validate</c> is what parsing and judging cost. <c>?read=tokens</c> also copies the
/// body into one buffer and reads every JSON token with System.Text.Json's reader, keeping nothing;
/// <c>?read=document</c> parses it into a <see cref="JsonDocument"/>, as <c>/validate</c> does. These two are floors:
/// what any webhook built on that reader, or on that document, pays before it judges anything.
/// </summary>
internal static class TransportBaseline
{
    private static readonly byte[] Answer = """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"baseline","allowed":true}}"""u8.ToArray();

    public static async Task HandleAsync(HttpContext context, long maxRequestBytes)
    {
        var read = context.Request.Query["read"].ToString() switch
        {
            "" => BaselineRead.Nothing,
            "tokens" => BaselineRead.Tokens,
            "document" => BaselineRead.Document,
            _ => (BaselineRead?)null,
        };
        if (read is not { } mode)
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest, "read is tokens, document or absent\n"u8.ToArray()).ConfigureAwait(false);
            return;
        }

        var body = context.Request.BodyReader;
        while (true)
        {
            var result = await body.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            if (mode == BaselineRead.Nothing)
            {
                body.AdvanceTo(result.Buffer.End);
            }
            else if (result.Buffer.Length > maxRequestBytes)
            {
                body.AdvanceTo(result.Buffer.End);
                await AnswerAsync(context, StatusCodes.Status413PayloadTooLarge, "too large\n"u8.ToArray()).ConfigureAwait(false);
                return;
            }
            else if (result.IsCompleted)
            {
                var problem = ReadJson(result.Buffer, mode);
                body.AdvanceTo(result.Buffer.End);
                if (problem is not null)
                {
                    await AnswerAsync(context, StatusCodes.Status400BadRequest, problem).ConfigureAwait(false);
                    return;
                }
            }
            else
            {
                // Kept until the whole body is in, as /validate keeps it.
                body.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }

            if (result.IsCompleted)
            {
                break;
            }
        }

        await AnswerAsync(context, StatusCodes.Status200OK, Answer).ConfigureAwait(false);
    }

    private static byte[]? ReadJson(ReadOnlySequence<byte> buffer, BaselineRead mode)
    {
        var length = (int)buffer.Length;
        var bytes = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.CopyTo(bytes);
            if (mode == BaselineRead.Document)
            {
                using var document = JsonDocument.Parse(bytes.AsMemory(0, length));
                return document.RootElement.ValueKind == JsonValueKind.Object ? null : "not a JSON object\n"u8.ToArray();
            }

            var reader = new Utf8JsonReader(bytes.AsSpan(0, length));
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
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
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
