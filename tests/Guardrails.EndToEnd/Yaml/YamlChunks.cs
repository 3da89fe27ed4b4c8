namespace Guardrails.EndToEnd.Yaml;

/// <summary>
/// A YAML stream cut into its documents' text at column-0 <c>---</c> markers, counted as <c>guardrails test</c> counts a
/// fixture's documents (a marker on the first line starts the first document).
/// </summary>
internal static class YamlChunks
{
    public static IReadOnlyList<string> Split(string text)
    {
        var chunks = new List<string>();
        var start = 0;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var end = text.IndexOf('\n', lineStart);
            var lineEnd = end < 0 ? text.Length : end;
            if (IsMarker(text.AsSpan(lineStart, lineEnd - lineStart)) && lineStart > 0)
            {
                chunks.Add(text[start..lineStart]);
                start = lineStart;
            }

            lineStart = end < 0 ? text.Length : end + 1;
        }

        chunks.Add(text[start..]);
        return chunks;
    }

    /// <summary>Whether a chunk holds nothing but comments, blank lines and markers.</summary>
    public static bool IsEmpty(string chunk) =>
        chunk.Split('\n').All(line => line.Trim().Length == 0 || line.TrimStart().StartsWith('#') || IsMarker(line.TrimEnd('\r')));

    private static bool IsMarker(ReadOnlySpan<char> line) =>
        line.StartsWith("---") && (line.Length == 3 || char.IsWhiteSpace(line[3]));
}
