using System.Text;
using Guardrails.Webhook.Logging;

namespace Guardrails.Webhook.Tests.Logging;

public sealed class BatchedOutputWriterTests
{
    [Fact]
    public async Task A_blocked_output_never_holds_up_a_writer_and_gets_every_line_in_order_once_it_moves()
    {
        var output = new BlockingStream();
        using var writer = new BatchedOutputWriter(output, TextWriter.Null, maxPendingChars: 1 << 20);
        writer.WriteLine("first");
        var draining = Task.Run(() => writer.Drain(wait: false));
        output.Entered.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue("the drain reached the stream");

        // The stream is blocked inside the drain: writers still return, and a second drain does not queue behind it.
        var wrote = Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                writer.WriteLine($"line {i}");
            }

            writer.Drain(wait: false);
        });
        (await Task.WhenAny(wrote, Task.Delay(TimeSpan.FromSeconds(10)))).Should().BeSameAs(wrote, "writing to memory does not wait for the stream");
        draining.IsCompleted.Should().BeFalse();

        output.Release();
        await draining;
        writer.Drain(wait: true);

        output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(["first", .. Enumerable.Range(0, 1000).Select(i => $"line {i}")]);
    }

    [Fact]
    public void Text_beyond_the_bound_is_dropped_counted_and_said_on_the_next_drain()
    {
        var output = new MemoryStream();
        var notices = new StringWriter();
        using var writer = new BatchedOutputWriter(output, notices, maxPendingChars: 10);

        writer.Write("12345");
        writer.Write("67890");
        writer.Write("x");
        writer.WriteLine("dropped too");
        writer.Drain(wait: true);

        Encoding.UTF8.GetString(output.ToArray()).Should().Be("1234567890");
        notices.ToString().Should().Contain("13 characters of log were dropped");

        writer.Write("again");
        writer.Drain(wait: true);
        Encoding.UTF8.GetString(output.ToArray()).Should().Be("1234567890again", "the bound is on what waits, not on all that was written");
    }

    // A stream whose first write blocks until released, as a full pipe does.
    private sealed class BlockingStream : Stream
    {
        private readonly ManualResetEventSlim _released = new();
        private readonly MemoryStream _written = new();

        public ManualResetEventSlim Entered { get; } = new();

        public string Text
        {
            get
            {
                lock (_written)
                {
                    return Encoding.UTF8.GetString(_written.ToArray());
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Release() => _released.Set();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Entered.Set();
            _released.Wait();
            lock (_written)
            {
                _written.Write(buffer, offset, count);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _released.Dispose();
                Entered.Dispose();
                _written.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
