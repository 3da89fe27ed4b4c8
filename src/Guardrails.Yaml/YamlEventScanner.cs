using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Guardrails.Yaml;

/// <summary>
/// Runs YamlDotNet's scanner and parser over chunks of text and keeps their events, so that everything after the scan
/// (the tree, the limits, the JSON) can run outside <see cref="Gate"/>.
/// </summary>
internal static class YamlEventScanner
{
    /// <summary>
    /// Held while YamlDotNet scans. Its scanner rents a StringBuilder per scalar from one static concurrent pool, and two
    /// threads scanning at once spent a quarter of their CPU bouncing that pool's cache lines (perf, docs/performance.md).
    /// Scans therefore take turns process-wide, a batch of text at a time (a turn per document cost more in hand-overs
    /// than it saved), while other threads build trees and judge objects.
    /// </summary>
    public static Lock Gate { get; } = new();

    /// <summary>Every document of <paramref name="text"/>, each with at most <paramref name="maxEvents"/> + 1 events.</summary>
    /// <remarks>
    /// The tree builder refuses a document at its first event past the limit, so no more are needed to report it; a
    /// failure ends the list.
    /// </remarks>
    public static List<ScannedDocument> Scan(string text, int maxEvents)
    {
        // YamlDotNet loses the last line of a block scalar when it is white space with no line break after it (YAML Test
        // Suite JEF9/02, L24T/01); the missing line break changes nothing else, so it is supplied.
        var parser = new Parser(new Scanner(new StringReader(EndsInBlankLineWithoutBreak(text) ? text + "\n" : text), skipComments: true));
        var documents = new List<ScannedDocument>(1);
        while (true)
        {
            var document = ReadDocument(parser, maxEvents);
            documents.Add(document);
            if (document.EndOfStream || document.Events.Count > maxEvents)
            {
                return documents;
            }
        }
    }

    private static bool EndsInBlankLineWithoutBreak(string text) =>
        text.Length > 0 && text[^1] is ' ' or '\t' && text.AsSpan(text.LastIndexOf('\n') + 1).TrimStart(" \t").IsEmpty;

    private static ScannedDocument ReadDocument(Parser parser, int maxEvents)
    {
        var events = new List<ParsingEvent>();
        try
        {
            parser.TryConsume<StreamStart>(out _);
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return new ScannedDocument(events, true, null, Mark.Empty);
            }

            parser.Consume<DocumentStart>();
            while (!parser.TryConsume<DocumentEnd>(out _) && events.Count <= maxEvents)
            {
                events.Add(parser.Consume<ParsingEvent>());
            }

            return new ScannedDocument(events, false, null, Mark.Empty);
        }
#pragma warning disable CA1031 // The third-party parser throws more than YamlException on some malformed input; none may escape.
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
#pragma warning restore CA1031
        {
            return new ScannedDocument(events, true, ex, ex is YamlException yaml ? yaml.Start : parser.Current?.Start ?? Mark.Empty);
        }
    }
}
