using System.Globalization;
using YamlDotNet.Core;

namespace Guardrails.Engine.Documents;

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
    public static IReadOnlyList<SourceDocument> Read(string text, YamlReadLimits? limits = null, bool trackPositions = true)
    {
        limits ??= YamlReadLimits.Default;
        var documents = new List<SourceDocument>();
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        foreach (var chunk in DocumentChunks.Split(text))
        {
            ReadChunk(chunk, limits, trackPositions, documents);
        }

        return documents;
    }

    private static void ReadChunk(DocumentChunk chunk, YamlReadLimits limits, bool trackPositions, List<SourceDocument> documents)
    {
        var chunkStart = new SourcePosition(chunk.LineOffset + 1, 1);
        if (chunk.Text.IndexOf('\0', StringComparison.Ordinal) is var nul and >= 0)
        {
            // YamlDotNet drops NUL characters silently; kubectl refuses them, and so do we.
            var line = chunk.LineOffset + 1 + chunk.Text.AsSpan(0, nul).Count('\n');
            documents.Add(new SourceDocument(documents.Count, new SourcePosition(line, 1), null, SourceMap.Empty, new DocumentError("the text holds a NUL character (binary data?)", new SourcePosition(line, 1))));
            return;
        }

        if (chunk.Text.Length > limits.MaxDocumentChars)
        {
            documents.Add(new SourceDocument(documents.Count, chunkStart, null, SourceMap.Empty, new DocumentError(string.Create(CultureInfo.InvariantCulture, $"the document is {chunk.Text.Length:N0} characters long, more than the limit of {limits.MaxDocumentChars:N0}"), chunkStart)));
            return;
        }

        var parser = new Parser(new Scanner(new StringReader(chunk.Text), skipComments: true));
        var builder = new YamlTreeBuilder(parser, limits, chunk.LineOffset);
        var firstInChunk = true;
        while (true)
        {
            var (root, error, endOfStream) = builder.ReadDocument();
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

            var (json, map, emitError) = new YamlJsonEmitter(limits, trackPositions, chunk.Text.Length).Emit(root);
            documents.Add(new SourceDocument(documents.Count, root.Start, json, map, emitError));
        }
    }
}
