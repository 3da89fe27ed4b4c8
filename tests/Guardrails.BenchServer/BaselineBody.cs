using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Guardrails.BenchServer;

/// <summary>
/// The baseline's body read: the whole body from Kestrel's pipe into one pooled buffer, as <c>/validate</c> holds it
/// before parsing, so the floor pays the same copy. Written here rather than borrowed from the webhook, whose read is
/// internal; the edge cases it handles (chunked framing, modest overflows, clients gone) cost nothing on a benchmark's
/// well-formed bodies.
/// </summary>
internal sealed class BaselineBody : IDisposable
{
    private byte[]? _buffer;

    private BaselineBody(byte[]? buffer, int length, string? tooLarge)
    {
        _buffer = buffer;
        Length = length;
        TooLarge = tooLarge;
    }

    /// <summary>The body's bytes; empty when it was too large.</summary>
    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, Length);

    /// <summary>The body's length in bytes.</summary>
    public int Length { get; }

    /// <summary>Why the body was refused (more than the limit), or null.</summary>
    public string? TooLarge { get; }

    /// <summary>True when the client went away while sending: nobody is left to answer.</summary>
    public bool ClientGone { get; private init; }

    /// <summary>Reads the whole body, at most <paramref name="maxBytes"/>.</summary>
    public static Task<BaselineBody> ReadAsync(HttpContext context, long maxBytes) => ReadAsync(context, maxBytes, keep: true);

    private static async Task<BaselineBody> ReadAsync(HttpContext context, long maxBytes, bool keep)
    {
        try
        {
            return await ReadWholeAsync(context, maxBytes, keep).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // wrk closes its connections mid-request when a run ends; that is no server error.
            return new BaselineBody(null, 0, null) { ClientGone = true };
        }
    }

    /// <summary>Reads the whole body and drops it as it comes, keeping nothing.</summary>
    public static async Task DrainAsync(HttpContext context)
    {
        using var drained = await ReadAsync(context, long.MaxValue, keep: false).ConfigureAwait(false);
    }

    private static async Task<BaselineBody> ReadWholeAsync(HttpContext context, long maxBytes, bool keep)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            if (!keep)
            {
                reader.AdvanceTo(read.Buffer.End);
            }
            else if (read.Buffer.Length > maxBytes)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                return new BaselineBody(null, 0, $"the body is more than the {maxBytes} bytes accepted");
            }
            else if (read.IsCompleted)
            {
                var length = (int)read.Buffer.Length;
                var bytes = ArrayPool<byte>.Shared.Rent(length);
                read.Buffer.CopyTo(bytes);
                reader.AdvanceTo(read.Buffer.End);
                return new BaselineBody(bytes, length, null);
            }
            else
            {
                // Kept whole: nothing is consumed until the body has ended.
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }

            if (read.IsCompleted)
            {
                return new BaselineBody(null, 0, null);
            }
        }
    }

    /// <summary>Gives the buffer back to the pool.</summary>
    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
