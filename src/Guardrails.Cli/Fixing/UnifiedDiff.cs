using System.Globalization;
using System.Text;

namespace Guardrails.Cli.Fixing;

/// <summary>
/// A unified diff (<c>diff -u</c>, git's <c>a/</c> and <c>b/</c> names, three lines of context) of a fix, made from its
/// splices: each splice changes the whole lines it touches, so the diff shows exactly the edited lines.
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    /// <summary>Writes the diff that turns <paramref name="before"/> into its text with <paramref name="splices"/> (ordered) applied.</summary>
    public static void Write(TextWriter output, string path, string before, IReadOnlyList<TextSplice> splices)
    {
        var oldLines = Lines(before);
        var changes = Changes(before, oldLines, splices);
        if (changes.Count == 0)
        {
            return;
        }

        // git's a/ and b/ for relative paths (git apply, patch -p1); an absolute path as it is (patch -p0).
        var (oldName, newName) = Path.IsPathRooted(path) ? (path, path) : ($"a/{path}", $"b/{path}");
        output.Write($"--- {oldName}\n+++ {newName}\n");
        var lineDelta = 0;
        var first = 0;
        while (first < changes.Count)
        {
            // Changes closer than twice the context share a hunk.
            var last = first;
            while (last + 1 < changes.Count && changes[last + 1].FirstLine - (changes[last].FirstLine + changes[last].OldCount) <= 2 * Context)
            {
                last++;
            }

            var from = Math.Max(0, changes[first].FirstLine - Context);
            var to = Math.Min(oldLines.Count, changes[last].FirstLine + changes[last].OldCount + Context);
            var hunk = new StringBuilder();
            var (oldCount, newCount) = (0, 0);
            var line = from;
            for (var c = first; c <= last; c++)
            {
                for (; line < changes[c].FirstLine; line++, oldCount++, newCount++)
                {
                    Put(hunk, ' ', oldLines[line]);
                }

                foreach (var removed in oldLines.Skip(changes[c].FirstLine).Take(changes[c].OldCount))
                {
                    Put(hunk, '-', removed);
                    oldCount++;
                }

                foreach (var added in changes[c].NewLines)
                {
                    Put(hunk, '+', added);
                    newCount++;
                }

                line = changes[c].FirstLine + changes[c].OldCount;
            }

            for (; line < to; line++, oldCount++, newCount++)
            {
                Put(hunk, ' ', oldLines[line]);
            }

            output.Write(string.Create(CultureInfo.InvariantCulture, $"@@ -{Range(from, oldCount)} +{Range(from + lineDelta, newCount)} @@\n"));
            output.Write(hunk.ToString());
            lineDelta += newCount - oldCount;
            first = last + 1;
        }
    }

    // One changed run of whole lines: from FirstLine, OldCount lines become NewLines.
    private sealed record Change(int FirstLine, int OldCount, List<string> NewLines);

    private static List<Change> Changes(string before, List<string> oldLines, IReadOnlyList<TextSplice> splices)
    {
        var starts = new int[oldLines.Count + 1];
        for (var i = 0; i < oldLines.Count; i++)
        {
            starts[i + 1] = starts[i] + oldLines[i].Length;
        }

        // A text that ends with a line break (or is empty) has an empty line after its last one, where insertions at its
        // end go.
        var endsWithLine = before.Length == 0 || before[^1] == '\n';
        int LineOf(int offset) =>
            offset == before.Length && endsWithLine ? oldLines.Count
            : Array.BinarySearch(starts, 0, oldLines.Count, offset) is var found && found >= 0 ? found : ~found - 1;

        // The lines a splice touches, [first, end): none for an insertion at the start of a line.
        (int First, int End) Touched(TextSplice splice)
        {
            var first = LineOf(splice.Start);
            return splice.Length == 0 && (first == oldLines.Count || starts[first] == splice.Start)
                ? (first, first)
                : (first, LineOf(Math.Max(splice.Start, splice.Start + splice.Length - 1)) + 1);
        }

        var changes = new List<Change>();
        var index = 0;
        while (index < splices.Count)
        {
            var (firstLine, endLine) = Touched(splices[index]);
            var next = index + 1;
            while (next < splices.Count && Touched(splices[next]) is var more && more.First < endLine)
            {
                endLine = Math.Max(endLine, more.End);
                next++;
            }

            var regionStart = firstLine < oldLines.Count ? starts[firstLine] : before.Length;
            var regionEnd = endLine < oldLines.Count ? starts[endLine] : before.Length;
            var local = splices.Skip(index).Take(next - index).Select(s => s with { Start = s.Start - regionStart }).ToList();
            changes.Add(Trimmed(oldLines, new Change(firstLine, endLine - firstLine, Lines(TextSplice.Apply(before[regionStart..regionEnd], local)!))));
            index = next;
        }

        return changes;
    }

    // A change without the lines it leaves as they were at its start and end (a value added after `key:` keeps that line).
    private static Change Trimmed(List<string> oldLines, Change change)
    {
        var (first, count, lines) = (change.FirstLine, change.OldCount, change.NewLines);
        while (count > 0 && lines.Count > 0 && oldLines[first] == lines[0])
        {
            (first, count) = (first + 1, count - 1);
            lines.RemoveAt(0);
        }

        while (count > 0 && lines.Count > 0 && oldLines[first + count - 1] == lines[^1])
        {
            count--;
            lines.RemoveAt(lines.Count - 1);
        }

        return new Change(first, count, lines);
    }

    // Lines with their own line breaks; the last one may have none.
    private static List<string> Lines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }

    private static void Put(StringBuilder hunk, char mark, string line)
    {
        hunk.Append(mark).Append(line);
        if (!line.EndsWith('\n'))
        {
            hunk.Append("\n\\ No newline at end of file\n");
        }
    }

    private static string Range(int start, int count) => count switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"{start},0"),
        1 => (start + 1).ToString(CultureInfo.InvariantCulture),
        _ => string.Create(CultureInfo.InvariantCulture, $"{start + 1},{count}"),
    };
}
