using System.Text;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// Standard output written in batches: the decision log is one line per review, and a write system call per line
/// cost the webhook a tenth of its CPU under load. Lines reach the output at most one flush interval late, and all of
/// them when this is disposed (the host's shutdown).
/// </summary>
internal sealed class BufferedStandardOutput : IDisposable
{
    private readonly TextWriter _original;
    private readonly TextWriter _buffered;
    private readonly Timer _flush;

    private BufferedStandardOutput(TimeSpan interval)
    {
        _original = Console.Out;
        var writer = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024) { AutoFlush = false };
        Console.SetOut(writer);

        // Console.SetOut wraps the writer in a synchronized one: the flush below takes the loggers' lock.
        _buffered = Console.Out;
        _flush = new Timer(static state => Flush((TextWriter)state!), _buffered, interval, interval);
    }

    /// <summary>Replaces <see cref="Console.Out"/> until disposed; install before any logger captures it.</summary>
    public static BufferedStandardOutput Install(TimeSpan interval) => new(interval);

    public void Dispose()
    {
        _flush.Dispose();
        Flush(_buffered);
        Console.SetOut(_original);
    }

    private static void Flush(TextWriter writer)
    {
        try
        {
            writer.Flush();
        }
        catch (IOException)
        {
            // A closed standard output (the log reader went away) must not take the webhook down.
        }
    }
}
