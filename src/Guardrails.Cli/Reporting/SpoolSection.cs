using System.Buffers;
using Guardrails.Cli.Spooling;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// One long part of a report (the elements of an array, the test suites of a document), kept in a temporary file as it
/// is written, in order, and copied into the report at its <see cref="Marker"/> at the end.
/// </summary>
internal sealed class SpoolSection(Func<TempSpool> spools, byte[] separator) : IDisposable
{
    private TempSpool? _spool;

    /// <summary>Text that no report holds otherwise: where the section goes in the report's skeleton.</summary>
    public string Marker { get; } = $"guardrails-spool-{Guid.NewGuid():N}";

    private bool _written;

    /// <summary>True until something is written.</summary>
    public bool IsEmpty => !_written;

    /// <summary>
    /// Appends a chunk of elements (nothing when empty), after <c>separator</c> when the section holds elements already.
    /// </summary>
    /// <exception cref="SpoolException">The temporary file could not be made or written.</exception>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            return;
        }

        var spool = _spool ??= spools();
        if (_written)
        {
            spool.Write(separator);
        }

        spool.Write(chunk);
        _written = true;
    }

    /// <summary>Appends everything in <paramref name="other"/> as one chunk, and empties it.</summary>
    public void Append(SpoolSection other)
    {
        if (other._spool is not { } source || !other._written)
        {
            return;
        }

        var spool = _spool ??= spools();
        if (_written)
        {
            spool.Write(separator);
        }

        source.Flush();
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var reader = source.OpenRead();
            int read;
            while ((read = reader.Read(buffer)) > 0)
            {
                spool.Write(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _written = true;
        source.Clear();
        other._written = false;
    }

    /// <summary>Writes out what is buffered, so that a full disk shows before the report is begun.</summary>
    /// <exception cref="SpoolException">The write failed.</exception>
    public void Flush() => _spool?.Flush();

    /// <summary>Copies the section to <paramref name="output"/>.</summary>
    public void CopyTo(Stream output) => _spool?.CopyTo(output);

    public void Dispose() => _spool?.Dispose();
}
