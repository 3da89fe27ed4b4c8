using Guardrails.Cli.Spooling;

namespace Guardrails.Cli.Reading;

/// <summary>
/// The bytes of a stream that cannot be read twice (standard input): up to <see cref="MemoryBytes"/> in memory, and
/// beyond that in a <see cref="TempSpool"/> written as the stream is read, so that a large input costs disk, not memory,
/// and is then read twice like a file.
/// </summary>
internal sealed class SpooledInput : IDisposable
{
    /// <summary>The most bytes kept in memory: a small input never touches the disk.</summary>
    public const int MemoryBytes = 1024 * 1024;

    private readonly byte[]? _bytes;
    private readonly TempSpool? _spool;

    private SpooledInput(byte[]? bytes, TempSpool? spool, long length)
    {
        _bytes = bytes;
        _spool = spool;
        Length = length;
    }

    /// <summary>How many bytes there are.</summary>
    public long Length { get; }

    /// <summary>True when the bytes are in a temporary file.</summary>
    public bool Spooled => _spool is not null;

    /// <summary>
    /// Reads <paramref name="stream"/> to its end; null as soon as it holds more than <paramref name="maxBytes"/> (the
    /// spool is then already deleted).
    /// </summary>
    /// <exception cref="SpoolException">The temporary file could not be made or written (a full disk).</exception>
    public static SpooledInput? ReadAll(Stream stream, long maxBytes, Func<TempSpool> spools)
    {
        var buffer = new byte[MemoryBytes + 1];
        var filled = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (filled > maxBytes)
        {
            return null;
        }

        if (filled < buffer.Length)
        {
            return new SpooledInput(buffer[..filled], null, filled);
        }

        var spool = spools();
        try
        {
            long length = filled;
            spool.Write(buffer);
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                length += read;
                if (length > maxBytes)
                {
                    spool.Dispose();
                    return null;
                }

                spool.Write(buffer.AsSpan(0, read));
            }

            spool.Flush();
            return new SpooledInput(null, spool, length);
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    /// <summary>A read-only, seekable stream over the bytes; each caller gets its own position.</summary>
    public Stream Open() => _spool?.OpenRead() ?? new MemoryStream(_bytes!, writable: false);

    /// <summary>The bytes in one array (for inputs read whole: small ones, and those that are not UTF-8).</summary>
    public byte[] ToArray()
    {
        if (_bytes is not null)
        {
            return _bytes;
        }

        var array = new byte[Length];
        using var stream = Open();
        stream.ReadExactly(array);
        return array;
    }

    /// <summary>Deletes the spool, if there is one.</summary>
    public void Dispose() => _spool?.Dispose();
}
