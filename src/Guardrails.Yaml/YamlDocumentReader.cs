using System.Globalization;

namespace Guardrails.Yaml;

/// <summary>
/// Reads YAML (or JSON) text into documents. Each document is parsed on its own, so one broken
/// document is reported with its line and never hides the documents around it.
/// </summary>
public static class YamlDocumentReader
{
    /// <summary>Reads every document of <paramref name="text"/>.</summary>
    /// <param name="text">The source text.</param>
    /// <param name="limits">Bounds on depth and expansion; <see cref="YamlReadLimits.Default"/> when null.</param>
    /// <param name="trackPositions">Record the line and column of every value (costs time and memory).</param>
    public static IReadOnlyList<SourceDocument> Read(string text, YamlReadLimits? limits = null, bool trackPositions = true) =>
        Read(new YamlTextPart(WithoutByteOrderMark(text), 0), limits, trackPositions);

    /// <summary>
    /// Cuts a large stream at document boundaries into parts of at least <paramref name="partChars"/> characters, to be
    /// read with <see cref="Read(YamlTextPart, YamlReadLimits?, bool)"/> on several threads.
    /// </summary>
    public static IReadOnlyList<YamlTextPart> Partition(string text, int partChars) =>
        DocumentChunks.Partition(WithoutByteOrderMark(text), partChars);

    /// <summary>
    /// Reads every document of one part of a stream. Positions count the lines before the part; the documents'
    /// <see cref="SourceDocument.Index"/> counts from the part's first document.
    /// </summary>
    public static IReadOnlyList<SourceDocument> Read(YamlTextPart part, YamlReadLimits? limits = null, bool trackPositions = true) =>
        Read(part, limits, trackPositions, blockParser: true);

    /// <summary>As the public <c>Read</c>; without <paramref name="blockParser"/> every document goes through YamlDotNet (for tests).</summary>
    internal static IReadOnlyList<SourceDocument> Read(YamlTextPart part, YamlReadLimits? limits, bool trackPositions, bool blockParser)
    {
        ArgumentNullException.ThrowIfNull(part);
        limits ??= YamlReadLimits.Default;
        var documents = new List<SourceDocument>();
        var text = part.Text;

        // Chunks are split off and checked a batch at a time. Plain block YAML is read by BlockYamlParser; the rest is
        // scanned by YamlDotNet under the scanner's gate, then built into trees outside it: only YamlDotNet's own work
        // waits for the gate.
        var batch = new List<(DocumentChunk Chunk, DocumentError? Refusal, YamlNode? Root)>();
        var scanned = new List<List<ScannedDocument>?>();
        using var chunks = DocumentChunks.Split(text, part.LineOffset).GetEnumerator();
        while (true)
        {
            batch.Clear();
            scanned.Clear();
            var slowChunks = 0;
            for (var chars = 0; chars < BatchChars && chunks.MoveNext(); chars += chunks.Current.Text.Length)
            {
                var chunk = chunks.Current;
                var refusal = Refusal(chunk, limits);
                var root = refusal is null && blockParser ? BlockYamlParser.TryParse(chunk.Text, chunk.LineOffset, limits) : null;
                slowChunks += refusal is null && root is null ? 1 : 0;
                batch.Add((chunk, refusal, root));
            }

            if (batch.Count == 0)
            {
                return documents;
            }

            if (slowChunks > 0)
            {
                lock (YamlEventScanner.Gate)
                {
                    foreach (var (chunk, refusal, root) in batch)
                    {
                        scanned.Add(refusal is null && root is null ? YamlEventScanner.Scan(chunk.Text, limits.MaxNodes) : null);
                    }
                }
            }

            for (var i = 0; i < batch.Count; i++)
            {
                var (chunk, refusal, root) = batch[i];
                if (refusal is not null)
                {
                    documents.Add(new SourceDocument(documents.Count, refusal.Position, null, SourceMap.Empty, refusal));
                }
                else if (root is not null)
                {
                    documents.Add(Emit(root, chunk, limits, trackPositions, documents.Count));
                }
                else
                {
                    ReadChunk(chunk, scanned[i]!, limits, trackPositions, documents);
                }
            }
        }
    }

    private static string WithoutByteOrderMark(string text) => text.StartsWith('\uFEFF') ? text[1..] : text;

    // Enough text per turn at the scanner's gate that hand-overs stay rare, little enough that its events stay small.
    private const int BatchChars = 256 * 1024;

    private static DocumentError? Refusal(DocumentChunk chunk, YamlReadLimits limits)
    {
        if (chunk.Text.IndexOf('\0', StringComparison.Ordinal) is var nul and >= 0)
        {
            // YamlDotNet drops NUL characters silently; kubectl refuses them, and so do we.
            var line = chunk.LineOffset + 1 + chunk.Text.AsSpan(0, nul).Count('\n');
            return new DocumentError("the text holds a NUL character (binary data?)", new SourcePosition(line, 1));
        }

        return chunk.Text.Length > limits.MaxDocumentChars
            ? new DocumentError(string.Create(CultureInfo.InvariantCulture, $"the document is {chunk.Text.Length:N0} characters long, more than the limit of {limits.MaxDocumentChars:N0}"), new SourcePosition(chunk.LineOffset + 1, 1))
            : null;
    }

    private static void ReadChunk(DocumentChunk chunk, List<ScannedDocument> scanned, YamlReadLimits limits, bool trackPositions, List<SourceDocument> documents)
    {
        var chunkStart = new SourcePosition(chunk.LineOffset + 1, 1);
        var builder = new YamlTreeBuilder(limits, chunk.LineOffset);
        var firstInChunk = true;
        foreach (var document in scanned)
        {
            var (root, error, endOfStream) = builder.Build(document);
            if (error is not null)
            {
                documents.Add(new SourceDocument(documents.Count, chunkStart, null, SourceMap.Empty, error));
                return;
            }

            if (endOfStream)
            {
                if (firstInChunk && chunk.Explicit)
                {
                    documents.Add(new SourceDocument(documents.Count, chunkStart, null, SourceMap.Empty, null));
                }

                return;
            }

            firstInChunk = false;
            if (root is null || root is YamlScalar { IsPlain: true, Value: "" })
            {
                documents.Add(new SourceDocument(documents.Count, chunkStart, null, SourceMap.Empty, null));
                continue;
            }

            documents.Add(Emit(root, chunk, limits, trackPositions, documents.Count));
        }
    }

    private static SourceDocument Emit(YamlNode root, DocumentChunk chunk, YamlReadLimits limits, bool trackPositions, int index)
    {
        var (json, map, emitError) = new YamlJsonEmitter(limits, trackPositions, chunk.Text.Length).Emit(root);
        return new SourceDocument(index, root.Start, json, map, emitError);
    }
}
