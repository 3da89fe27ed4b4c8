using System.Text;
using Guardrails.Cli.Spooling;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// A report that opens with what is known only at the end (its totals), written as the check goes all the same: each
/// input's pieces go in input order (<see cref="OrderedEmitter{T}"/>) to temporary files (<see cref="SpoolSection"/>),
/// and at the end the report's skeleton, small whatever the input, is written with each section copied in at its
/// marker. Memory holds what waits for its turn and the skeleton; the temporary files hold the rest and are deleted
/// with the report.
/// </summary>
internal sealed class SpooledReport : IDisposable
{
    // What may wait for its turn, as for the text report: a few MB, enough to keep both cores busy past a slow input.
    private const long MaxWaitingBytes = 2 * 1024 * 1024;

    // Each waiting piece costs a little beyond its bytes, even when empty.
    private const long PieceOverhead = 64;

    private readonly OrderedEmitter<Action> _emitter;
    private readonly Func<TempSpool> _spools;
    private readonly List<SpoolSection> _sections = [];
    private Exception? _failure;

    /// <param name="inputs">How many inputs the check has.</param>
    /// <param name="spools">Makes the temporary files.</param>
    public SpooledReport(int inputs, Func<TempSpool> spools)
    {
        _spools = spools;
        _emitter = new OrderedEmitter<Action>(inputs, MaxWaitingBytes, write => write());
    }

    /// <summary>The first failure: of a temporary file, or of the output at the end.</summary>
    public Exception? Failure => _failure ?? _emitter.Failure;

    /// <summary>A new section whose chunks are joined with <paramref name="separator"/>.</summary>
    public SpoolSection Section(string separator)
    {
        var section = new SpoolSection(_spools, Encoding.UTF8.GetBytes(separator));
        _sections.Add(section);
        return section;
    }

    /// <summary>Runs <paramref name="write"/> (which appends to sections) in input order, keeping it until its turn.</summary>
    public void Add(int input, long bytes, Action write) => _emitter.Add(input, write, bytes + PieceOverhead);

    /// <summary>Input <paramref name="input"/> has no more pieces.</summary>
    public void Complete(int input) => _emitter.Complete(input);

    /// <summary>
    /// Opens the output and writes <paramref name="skeleton"/> into it, each non-empty section in place of the line that
    /// holds its marker; does nothing after a failure, so that no report is written from part of the run.
    /// </summary>
    public void Finish(Func<Stream> open, byte[] skeleton)
    {
        if (Failure is not null)
        {
            return;
        }

        try
        {
            foreach (var section in _sections)
            {
                section.Flush();
            }

            using var output = open();
            var at = 0;
            foreach (var section in _sections.Where(s => !s.IsEmpty))
            {
                var (lineStart, lineEnd) = MarkerLine(skeleton, section.Marker, at);
                output.Write(skeleton, at, lineStart - at);
                section.CopyTo(output);
                at = lineEnd;
            }

            output.Write(skeleton, at, skeleton.Length - at);
            output.Flush();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _failure = ex;
        }
    }

    public void Dispose()
    {
        foreach (var section in _sections)
        {
            section.Dispose();
        }
    }

    // The marker's line from the line end before it (a section's chunks start with their own) to the end of the line.
    private static (int Start, int End) MarkerLine(byte[] skeleton, string marker, int from)
    {
        var found = skeleton.AsSpan(from).IndexOf(Encoding.ASCII.GetBytes(marker));
        if (found < 0)
        {
            throw new InvalidOperationException("a report section has no place in the report");
        }

        found += from;
        var start = skeleton.AsSpan(from, found - from).LastIndexOf((byte)'\n') + from;
        if (start > from && skeleton[start - 1] == (byte)'\r')
        {
            start--;
        }

        var end = skeleton.AsSpan(found).IndexOfAny((byte)'\r', (byte)'\n');
        return (start, end < 0 ? skeleton.Length : found + end);
    }
}
