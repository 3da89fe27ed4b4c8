namespace Guardrails.Yaml;

/// <summary>
/// Splits a YAML stream at column-zero <c>---</c> markers (before the directives that belong to the document, if any).
/// YAML forbids such a line inside any scalar, so the split is exact, and each document can fail on its own.
/// </summary>
internal static class DocumentChunks
{
    /// <summary>The documents' chunks, their line offsets counted from <paramref name="lineOffset"/>.</summary>
    public static IEnumerable<DocumentChunk> Split(string text, int lineOffset = 0)
    {
        var chunkStart = 0;
        var chunkLine = lineOffset;
        var explicitStart = false;
        foreach (var (markerStart, line) in Markers(text))
        {
            if (line == 0)
            {
                explicitStart = true;
                continue;
            }

            yield return new DocumentChunk(text[chunkStart..markerStart], chunkLine, explicitStart);
            chunkStart = markerStart;
            chunkLine = lineOffset + line;
            explicitStart = true;
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
        foreach (var (markerStart, line) in Markers(text))
        {
            if (line > 0 && markerStart - partStart >= partChars)
            {
                parts.Add(new YamlTextPart(text[partStart..markerStart], partLine));
                partStart = markerStart;
                partLine = line;
            }
        }

        parts.Add(new YamlTextPart(text[partStart..], partLine));
        return parts;
    }

    // Where each document's chunk starts (its column-zero "---" line, or the directives before it), and its zero-based
    // line number. A "%" line is a directive only at the start of the stream or after a "..." end marker, before any
    // content: there a plain scalar cannot start with "%". Elsewhere (in a block scalar) it is content.
    private static IEnumerable<(int Start, int Line)> Markers(string text)
    {
        var lineStart = 0;
        var line = 0;
        var betweenDocuments = true;
        (int Start, int Line)? directives = null;
        while (true)
        {
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? text.Length : newline;
            var content = text.AsSpan(lineStart, lineEnd - lineStart);
            if (IsDocumentMarker(content))
            {
                yield return directives ?? (lineStart, line);
                directives = null;
                betweenDocuments = false;
            }
            else if (IsDocumentEnd(content))
            {
                betweenDocuments = true;
                directives = null;
            }
            else if (betweenDocuments && content.StartsWith('%'))
            {
                directives ??= (lineStart, line);
            }
            else if (betweenDocuments && !IsBlankOrComment(content))
            {
                betweenDocuments = false;
                directives = null;
            }

            if (newline < 0)
            {
                yield break;
            }

            lineStart = newline + 1;
            line++;
        }
    }

    private static bool IsDocumentMarker(ReadOnlySpan<char> line) =>
        line.StartsWith("---") && (line.Length == 3 || line[3] is ' ' or '\t' or '\r');

    private static bool IsDocumentEnd(ReadOnlySpan<char> line) =>
        line.StartsWith("...") && (line.Length == 3 || line[3] is ' ' or '\t' or '\r');

    private static bool IsBlankOrComment(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart(" \t\r");
        return trimmed.IsEmpty || trimmed[0] == '#';
    }
}
