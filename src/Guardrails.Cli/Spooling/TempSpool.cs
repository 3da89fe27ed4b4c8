using Microsoft.Win32.SafeHandles;

namespace Guardrails.Cli.Spooling;

/// <summary>
/// A temporary file that holds what would otherwise be held in memory (standard input, the body of a report that opens
/// with its totals). It is readable and writable by its owner only, and it has no name once created: on Unix it is
/// unlinked at once, so the system frees it however the process ends (Ctrl-C or a kill included); on Windows it is
/// deleted when its handle closes.
/// </summary>
internal sealed class TempSpool : IDisposable
{
    private const int BufferBytes = 64 * 1024;

    private readonly FileStream _stream;

    /// <param name="stream">The open, writable and seekable file.</param>
    /// <param name="directory">Its folder, named when a write fails.</param>
    internal TempSpool(FileStream stream, string directory)
    {
        _stream = stream;
        Directory = directory;
    }

    /// <summary>The folder the spool was made in.</summary>
    public string Directory { get; }

    /// <summary>The open file (its mode can be read from it although it has no name).</summary>
    internal SafeFileHandle Handle => _stream.SafeFileHandle;

    /// <summary>How many bytes were written.</summary>
    public long Length => _stream.Length;

    /// <summary>A new spool in <paramref name="directory"/> (the system's temporary folder when null).</summary>
    /// <exception cref="SpoolException">The file could not be made.</exception>
    public static TempSpool Create(string? directory = null)
    {
        var folder = directory ?? Path.GetTempPath();
        var path = Path.Combine(folder, $"guardrails-{Guid.NewGuid():N}.spool");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = BufferBytes,
            Options = OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            var stream = new FileStream(path, options);
            if (!OperatingSystem.IsWindows())
            {
                // The open handle keeps the data; with no name left, nothing can be left behind.
                File.Delete(path);
            }

            return new TempSpool(stream, folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw SpoolException.In(folder, ex);
        }
    }

    /// <summary>Appends <paramref name="bytes"/>.</summary>
    /// <exception cref="SpoolException">The write failed (a full disk).</exception>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _stream.Write(bytes);
        }
        catch (IOException ex)
        {
            throw SpoolException.In(Directory, ex);
        }
    }

    /// <summary>Makes every byte written so far readable through <see cref="OpenRead"/>.</summary>
    /// <exception cref="SpoolException">The write failed (a full disk).</exception>
    public void Flush()
    {
        try
        {
            _stream.Flush();
        }
        catch (IOException ex)
        {
            throw SpoolException.In(Directory, ex);
        }
    }

    /// <summary>Drops everything written, so that the spool can be filled again.</summary>
    public void Clear()
    {
        Flush();
        _stream.SetLength(0);
        _stream.Position = 0;
    }

    /// <summary>A read-only stream over what was written (after <see cref="Flush"/>), with a position of its own.</summary>
    public Stream OpenRead() => new SpoolReader(_stream.SafeFileHandle, _stream.Length);

    /// <summary>Copies everything written to <paramref name="output"/>.</summary>
    public void CopyTo(Stream output)
    {
        Flush();
        using var reader = OpenRead();
        reader.CopyTo(output, BufferBytes);
    }

    public void Dispose()
    {
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // Closing writes out what is buffered, which fails again on a full disk; the bytes were to be thrown away.
        }
    }
}
