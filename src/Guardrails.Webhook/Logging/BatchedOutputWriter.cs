using System.Text;

namespace Guardrails.Webhook.Logging;

/// <summary>
/// A text writer that only ever appends to memory: lines are written to the stream by <see cref="Drain"/>, outside the
/// lock writers take, so a stream that blocks (a full pipe to a slow log collector, a disk in writeback) never holds up
/// a thread that logs, such as one answering the API server. What waits is bounded: beyond
/// <c>maxPendingChars</c> new text is dropped and counted, and the next drain says how much on standard error.
/// </summary>
internal sealed class BatchedOutputWriter : TextWriter
{
    private readonly Lock _gate = new();
    private readonly Lock _io = new();
    private readonly StreamWriter _stream;
    private readonly TextWriter _notices;
    private readonly int _maxPendingChars;
    private StringBuilder _pending = new();
    private StringBuilder _writing = new();
    private long _droppedChars;

    /// <summary>Writes to <paramref name="stream"/> as UTF-8 when drained; says on <paramref name="notices"/> what was dropped.</summary>
    public BatchedOutputWriter(Stream stream, TextWriter notices, int maxPendingChars)
    {
        _stream = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024) { AutoFlush = false };
        _notices = notices;
        _maxPendingChars = maxPendingChars;
    }

    public override Encoding Encoding => _stream.Encoding;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (Room(1))
            {
                _pending.Append(value);
            }
        }
    }

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        lock (_gate)
        {
            if (Room(buffer.Length))
            {
                _pending.Append(buffer);
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            if (Room((value?.Length ?? 0) + CoreNewLine.Length))
            {
                _pending.Append(value).Append(CoreNewLine);
            }
        }
    }

    /// <summary>Writes what is pending; waits for a drain already under way.</summary>
    public override void Flush() => Drain(wait: true);

    /// <summary>
    /// Writes what is pending to the stream and flushes it. With <paramref name="wait"/> false, returns at once when
    /// another drain is still writing (a timer must not pile up threads behind a blocked stream).
    /// </summary>
    public void Drain(bool wait)
    {
        if (!_io.TryEnter())
        {
            if (!wait)
            {
                return;
            }

            _io.Enter();
        }

        try
        {
            long dropped;
            lock (_gate)
            {
                (_pending, _writing) = (_writing, _pending);
                dropped = _droppedChars;
                _droppedChars = 0;
            }

            try
            {
                foreach (var chunk in _writing.GetChunks())
                {
                    _stream.Write(chunk.Span);
                }

                _stream.Flush();
            }
            finally
            {
                // Text a failed write did not take is gone with the output: it is never written twice.
                _writing.Clear();
            }

            if (dropped > 0)
            {
                _notices.WriteLine($"guardrails: standard output did not keep up: {dropped} characters of log were dropped");
            }
        }
        finally
        {
            _io.Exit();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Drain(wait: true);
            _stream.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool Room(int chars)
    {
        if (_pending.Length + chars <= _maxPendingChars)
        {
            return true;
        }

        _droppedChars += chars;
        return false;
    }
}
