using System.Text;
using Guardrails.Yaml;

namespace Guardrails.Cli.Reading;

/// <summary>
/// Reads a large input a part at a time: UTF-8 is decoded as it arrives and cut at column-0 document markers into
/// parts of at least <see cref="ManifestInputs.PartChars"/> characters, each of which reads exactly as it would within
/// the whole text (the same documents, lines and columns). Only the part being filled is held, so memory follows the
/// largest document, not the input.
/// </summary>
internal static class ManifestStream
{
    private const int BlockBytes = 64 * 1024;

    /// <summary>
    /// The parts of <paramref name="utf8"/>, in order. Throws <see cref="DecoderFallbackException"/> at the first byte
    /// that is not UTF-8: such an input is read whole instead, where each broken line is placed in its document.
    /// </summary>
    public static IEnumerable<YamlTextPart> Parts(Stream utf8, int partChars)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[BlockBytes];
        var pending = new char[partChars + (2 * BlockBytes)];
        var length = 0;
        var lineStart = 0;
        var line = 0;
        var partLine = 0;
        var first = true;
        while (true)
        {
            var read = utf8.Read(bytes);
            var room = decoder.GetCharCount(bytes, 0, read, flush: read == 0);
            if (length + room > pending.Length)
            {
                // One document longer than a part: the part grows to hold it.
                Array.Resize(ref pending, Math.Max(pending.Length * 2, length + room));
            }

            var decoded = decoder.GetChars(bytes, 0, read, pending, length, flush: read == 0);
            if (first && decoded > 0)
            {
                // The byte order mark is no part of the text (YamlDocumentReader drops it the same way).
                if (pending[0] == '\uFEFF')
                {
                    pending.AsSpan(1, decoded - 1).CopyTo(pending);
                    decoded--;
                }

                first = false;
            }

            // The search for the next line end resumes where the last one stopped: a line of many blocks is scanned once.
            var scanFrom = length;
            length += decoded;
            for (var found = pending.AsSpan(scanFrom, length - scanFrom).IndexOf('\n'); found >= 0; found = pending.AsSpan(scanFrom, length - scanFrom).IndexOf('\n'))
            {
                var newline = scanFrom + found;
                if (line > 0 && lineStart >= partChars && IsDocumentMarker(pending.AsSpan(lineStart, newline - lineStart)))
                {
                    yield return new YamlTextPart(new string(pending, 0, lineStart), partLine);
                    pending.AsSpan(lineStart, length - lineStart).CopyTo(pending);
                    length -= lineStart;
                    newline -= lineStart;
                    partLine = line;
                }

                lineStart = newline + 1;
                scanFrom = lineStart;
                line++;
            }

            if (read == 0)
            {
                yield return new YamlTextPart(new string(pending, 0, length), partLine);
                yield break;
            }
        }
    }

    // The same test as DocumentChunks': "---" alone, or followed by a space, a tab or a carriage return.
    private static bool IsDocumentMarker(ReadOnlySpan<char> line) =>
        line.StartsWith("---") && (line.Length == 3 || line[3] is ' ' or '\t' or '\r');
}
