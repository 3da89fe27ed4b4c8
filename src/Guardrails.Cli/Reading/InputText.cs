using System.Text;
using System.Text.Unicode;
using Guardrails.Cli.Spooling;

namespace Guardrails.Cli.Reading;

/// <summary>The text of one input, with the lines that held bytes which are not UTF-8.</summary>
/// <param name="Text">The decoded text; invalid bytes became U+FFFD.</param>
/// <param name="InvalidUtf8Lines">One-based lines holding invalid UTF-8, ascending; empty for clean text.</param>
internal sealed record InputText(string Text, IReadOnlyList<int> InvalidUtf8Lines)
{
    /// <summary>Largest input read, in bytes: far above any real manifest stream, low enough to bound memory.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    /// <summary>Reads a file, or standard input, refusing inputs over <see cref="MaxBytes"/>.</summary>
    public static (InputText? Text, InputProblem? Problem) Read(InputSource source, Func<Stream> standardInput)
    {
        var (bytes, problem) = ReadBytes(source, standardInput);
        return bytes is null ? (null, problem) : (Decode(bytes), null);
    }

    /// <summary>
    /// Reads standard input, which cannot be read twice, into memory or (beyond <see cref="SpooledInput.MemoryBytes"/>) a
    /// temporary file, refusing inputs over <see cref="MaxBytes"/>.
    /// </summary>
    public static (SpooledInput? Bytes, InputProblem? Problem) ReadStandardInput(InputSource source, Func<Stream> standardInput, Func<TempSpool> spools)
    {
        try
        {
            using var stream = standardInput();
            var bytes = SpooledInput.ReadAll(stream, MaxBytes, spools);
            return bytes is null ? (null, TooLarge(source)) : (bytes, null);
        }
        catch (SpoolException ex)
        {
            return (null, new InputProblem(source.DisplayPath, 0, 0, $"cannot keep standard input to read it twice: {ex.Message}"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, new InputProblem(source.DisplayPath, 0, 0, $"cannot read: {ex.Message}"));
        }
    }

    /// <summary>Reads the raw bytes of a file, or of standard input, refusing inputs over <see cref="MaxBytes"/>.</summary>
    private static (byte[]? Bytes, InputProblem? Problem) ReadBytes(InputSource source, Func<Stream> standardInput)
    {
        try
        {
            using var stream = source.IsStandardInput ? standardInput() : File.OpenRead(source.FullPath!);
            var bytes = ReadBounded(stream);
            return bytes is null ? (null, TooLarge(source)) : (bytes, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, new InputProblem(source.DisplayPath, 0, 0, $"cannot read: {ex.Message}"));
        }
    }

    /// <summary>Opens a file to be read as it goes, refusing files over <see cref="MaxBytes"/>.</summary>
    public static (FileStream? Stream, InputProblem? Problem) OpenFile(InputSource source)
    {
        try
        {
            var stream = File.OpenRead(source.FullPath!);
            if (stream.Length <= MaxBytes)
            {
                return (stream, null);
            }

            stream.Dispose();
            return (null, TooLarge(source));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, new InputProblem(source.DisplayPath, 0, 0, $"cannot read: {ex.Message}"));
        }
    }

    /// <summary>Decodes UTF-8 strictly enough to say where it is broken, and leniently enough to read the rest.</summary>
    public static InputText Decode(byte[] bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return new InputText(Encoding.UTF8.GetString(bytes), []);
        }

        var invalidLines = new List<int>();
        var line = 1;
        var span = bytes.AsSpan();
        while (!span.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(span, out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done && (invalidLines.Count == 0 || invalidLines[^1] != line))
            {
                invalidLines.Add(line);
            }
            else if (span[0] == (byte)'\n')
            {
                line++;
            }

            span = span[consumed..];
        }

        return new InputText(Encoding.UTF8.GetString(bytes), invalidLines);
    }

    private static InputProblem TooLarge(InputSource source) =>
        new(source.DisplayPath, 0, 0, $"the input is larger than {MaxBytes / (1024 * 1024)} MiB");

    private static byte[]? ReadBounded(Stream stream)
    {
        if (stream.CanSeek)
        {
            // A file: one array of its size, read in place (a copy through a growing buffer cost more than the read).
            var length = stream.Length - stream.Position;
            if (length > MaxBytes)
            {
                return null;
            }

            var bytes = new byte[length];
            var filled = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (filled < bytes.Length)
            {
                return bytes[..filled];
            }

            // The file grew while it was read: take the rest as a stream would give it.
            return ReadRest(stream, bytes);
        }

        return ReadRest(stream, []);
    }

    private static byte[]? ReadRest(Stream stream, byte[] start)
    {
        using var buffer = new MemoryStream();
        buffer.Write(start);
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.Length == start.Length ? start : buffer.ToArray();
    }
}
