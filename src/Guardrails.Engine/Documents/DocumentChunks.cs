namespace Guardrails.Engine.Documents;

internal readonly record struct DocumentChunk(string Text, int LineOffset, bool Explicit);

/// <summary>
/// Splits a YAML stream at column-zero <c>---</c> markers. YAML forbids such a line inside any scalar,
/// so the split is exact, and each document can fail on its own.
/// </summary>
internal static class DocumentChunks
{
    public static IEnumerable<DocumentChunk> Split(string text)
    {
        var lineStart = 0;
        var chunkStart = 0;
        var chunkLine = 0;
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
                chunkLine = line;
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

    private static bool IsDocumentMarker(ReadOnlySpan<char> line) =>
        line.StartsWith("---") && (line.Length == 3 || line[3] is ' ' or '\t' or '\r');
}
