namespace Guardrails.Cli.Fixing;

/// <summary>
/// Where each document of a file's text lies, split as the engine's reader splits a stream: at every line that starts
/// with <c>---</c> at column 0 (YAML forbids such a line inside a scalar), so that document <c>i</c> here is document
/// <c>i</c> of <c>guardrails check</c>.
/// </summary>
internal static class DocumentSpans
{
    /// <summary>The start and end offset of every document, in order.</summary>
    public static List<(int Start, int End)> Of(string text)
    {
        var spans = new List<(int, int)>();

        // The reader drops a byte order mark before it splits.
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var lineStart = start;
        var firstLine = true;
        while (true)
        {
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? text.Length : newline;
            if (!firstLine && IsMarker(text.AsSpan(lineStart, lineEnd - lineStart)))
            {
                spans.Add((start, lineStart));
                start = lineStart;
            }

            if (newline < 0)
            {
                spans.Add((start, text.Length));
                return spans;
            }

            firstLine = false;
            lineStart = newline + 1;
        }
    }

    private static bool IsMarker(ReadOnlySpan<char> line) =>
        line.StartsWith("---") && (line.Length == 3 || line[3] is ' ' or '\t' or '\r');
}
