using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// A whole request body in a pooled buffer, or why it could not be read (413 over the limit, or Kestrel's 4xx), or
/// the client that went away while sending it (<see cref="ClientGone"/>: nobody is left to answer).
/// </summary>
internal readonly record struct RequestBody(byte[]? Buffer, int Length, (int Code, string Message)? Problem, Exception? ClientGone = null)
{
    public ReadOnlyMemory<byte> Bytes => Buffer.AsMemory(0, Length);

    public static RequestBody Failed(int code, string message) => new(null, 0, (code, message));

    /// <summary>Reads the whole body, at most <paramref name="maxBytes"/>; <see cref="Return"/> gives the buffer back.</summary>
    public static async Task<RequestBody> ReadAsync(HttpContext context, long maxBytes)
    {
        if (context.Request.ContentLength is { } declared && declared > maxBytes)
        {
            await DiscardModestOverflowAsync(context, declared, maxBytes).ConfigureAwait(false);
            return Failed(StatusCodes.Status413PayloadTooLarge, $"the body is {declared} bytes, more than the {maxBytes} bytes accepted");
        }

        if (context.Request.ContentLength is null && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrelLimit)
        {
            // Kestrel counts a chunked body's framing (chunk sizes, line ends, extensions) toward its own limit, so a
            // body of exactly the limit was refused. The loop below counts the body's bytes alone, the same limit as
            // for a declared length; time still bounds the rest (Kestrel's minimum data rate and its drain timeout).
            kestrelLimit.MaxRequestBodySize = null;
        }

        var reader = context.Request.BodyReader;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                if (read.Buffer.Length > maxBytes)
                {
                    reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                    return Failed(StatusCodes.Status413PayloadTooLarge, $"the body is more than the {maxBytes} bytes accepted");
                }

                if (read.IsCompleted)
                {
                    var bytes = ArrayPool<byte>.Shared.Rent((int)read.Buffer.Length);
                    read.Buffer.CopyTo(bytes);
                    var length = (int)read.Buffer.Length;
                    reader.AdvanceTo(read.Buffer.End);
                    return new RequestBody(bytes, length, null);
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException ex)
        {
            return Failed(ex.StatusCode, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // Kestrel fails the read at once when the client resets the stream or closes the connection (the API server
            // does at its webhook timeout), and cancels RequestAborted from the thread pool only a moment later.
            return new RequestBody(null, 0, null, ex);
        }
    }

    /// <summary>Reads the whole body and drops it as it comes, keeping nothing.</summary>
    public static async Task DrainAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return;
            }
        }
    }

    public void Return()
    {
        if (Buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
        }
    }

    // A client still sending when the 413 goes out sees a broken pipe instead of the answer. A body up to four times
    // the limit is read and dropped first, so the client can read why; anything larger is cut off unread.
    private static async Task DiscardModestOverflowAsync(HttpContext context, long declared, long maxBytes)
    {
        if (declared > maxBytes * 4 || context.Features.Get<IHttpMaxRequestBodySizeFeature>() is not { IsReadOnly: false } limit)
        {
            return;
        }

        limit.MaxRequestBodySize = declared;
        try
        {
            await DrainAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // The client went away or lied about the length: the 413 is still the answer.
        }
    }
}
