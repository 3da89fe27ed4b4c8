using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Guardrails.Engine.Documents;

/// <summary>One document's parser events, or the end of the stream; a parser failure ends the events.</summary>
internal sealed record BufferedDocument(List<ParsingEvent> Events, bool EndOfStream, Exception? Failure, Mark FailureMark);

/// <summary>
/// Pulls one document's events at a time out of YamlDotNet, so that everything after the scan (the tree, the
/// limits, the JSON) runs outside <see cref="ScannerGate"/>.
/// </summary>
internal sealed class YamlEventBuffer(IParser parser, int maxEvents)
{
    // YamlDotNet's scanner rents a StringBuilder per scalar from one static concurrent pool. Two threads scanning at
    // once spent a quarter of their CPU bouncing that pool's cache lines (perf, docs/performance.md), so scans take
    // turns process-wide; callers on other threads meanwhile build trees and judge objects.
    private static readonly Lock ScannerGate = new();

    /// <summary>
    /// Reads the next document's events (without its start and end), at most <c>maxEvents</c> + 1 of them: the tree
    /// builder refuses a document at its first event past the limit, so no more are needed to report it.
    /// </summary>
    public BufferedDocument ReadDocument()
    {
        var events = new List<ParsingEvent>();
        lock (ScannerGate)
        {
            try
            {
                parser.TryConsume<StreamStart>(out _);
                if (parser.TryConsume<StreamEnd>(out _))
                {
                    return new BufferedDocument(events, true, null, Mark.Empty);
                }

                parser.Consume<DocumentStart>();
                while (!parser.TryConsume<DocumentEnd>(out _) && events.Count <= maxEvents)
                {
                    events.Add(parser.Consume<ParsingEvent>());
                }

                return new BufferedDocument(events, false, null, Mark.Empty);
            }
#pragma warning disable CA1031 // The third-party parser throws more than YamlException on some malformed input; none may escape.
            catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
#pragma warning restore CA1031
            {
                return new BufferedDocument(events, true, ex, ex is YamlException yaml ? yaml.Start : parser.Current?.Start ?? Mark.Empty);
            }
        }
    }
}
