namespace Guardrails.Engine.Documents;

internal readonly record struct DocumentChunk(string Text, int LineOffset, bool Explicit);

/// <summary>
/// Splits a YAML stream at column-zero <c>---</c> markers. YAML forbids such a line inside any scalar,
/// so the split is exact, and each document can fail on its own.
/// </summary>
internal static class DocumentChunks
{
    /// <summary>The documents' chunks, their line offsets counted from <paramref name="lineOffset"/>.</summary>
    public static IEnumerable<DocumentChunk> Split(string text, int lineOffset = 0)
    {
        var lineStart = 0;
        var chunkStart = 0;
        var chunkLine = lineOffset;
        var line = 0;
        var explicitStart = false;
        while (lineStart <= text.Length)
        {
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? text.Length : newline;
            if (line > 0 && IsDocumentMarker(text.AsSpan(lineStart, lineEnd - lineStart)))
            {
                yield return new DocumentChunk(text[chunkStart..lineStart], chunkLine, explicitStart);
                chunkStart = lineStart;
                chunkLine = lineOffset + line;
                explicitStart = true;
            }
            else if (line == 0 && IsDocumentMarker(text.AsSpan(lineStart, lineEnd - lineStart)))
            {
                explicitStart = true;
            }

            if (newline < 0)
            {
                break;
            }

            lineStart = newline + 1;
            line++;
        }

        yield return new DocumentChunk(text[chunkStart..], chunkLine, explicitStart);
    }

    /// <summary>
    /// Cuts <paramref name="text"/> at document markers into parts of at least <paramref name="partChars"/> characters
    /// (the last may be shorter), each of which reads exactly as it would within the whole text.
    /// </summary>
    public static List<YamlTextPart> Partition(string text, int partChars)
    {
        var parts = new List<YamlTextPart>();
        var partStart = 0;
        var partLine = 0;
        var lineStart = 0;
        var line = 0;
        while (lineStart < text.Length)
        {
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? text.Length : newline;
            if (line > 0 && lineStart - partStart >= partChars && IsDocumentMarker(text.AsSpan(lineStart, lineEnd - lineStart)))
            {
                parts.Add(new YamlTextPart(text[partStart..lineStart], partLine));
                partStart = lineStart;
                partLine = line;
            }

            if (newline < 0)
            {
                break;
            }

            lineStart = newline + 1;
            line++;
        }

        parts.Add(new YamlTextPart(text[partStart..], partLine));
        return parts;
    }

    private static bool IsDocumentMarker(ReadOnlySpan<char> line) =>
        line.StartsWith("---") && (line.Length == 3 || line[3] is ' ' or '\t' or '\r');
}
