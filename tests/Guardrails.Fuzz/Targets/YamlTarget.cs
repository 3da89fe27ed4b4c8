using System.Text;
using Guardrails.Yaml;
using Guardrails.Fuzz.Oracles;

namespace Guardrails.Fuzz.Targets;

/// <summary>
/// The YAML reader that reads policies, exemptions and manifests. It never throws; every document error has a
/// position; wherever the fast <see cref="BlockYamlParser"/> accepts a document, YamlDotNet reads the same tree from
/// it; and a stream cut into parts reads exactly as the whole.
/// </summary>
internal sealed class YamlTarget : FuzzTarget
{
    public const string TargetName = "yaml";

    private static readonly YamlReadLimits Limits = YamlReadLimits.Default;

    public override string Name => TargetName;

    public override TimeSpan Bound => TimeSpan.FromSeconds(5);

    public override void Run(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var whole = YamlDocumentReader.Read(text);
        foreach (var document in whole)
        {
            if (document.Error is { } error && (error.Position.Line < 1 || error.Position.Column < 1 || error.Message.Length == 0))
            {
                throw new FuzzFinding($"document {document.Index} has an error without a position or a message: {error}");
            }
        }

        var body = text.StartsWith('\uFEFF') ? text[1..] : text;
        // As the reader does, chunks holding a NUL are refused before either parser sees them.
        foreach (var chunk in DocumentChunks.Split(body).Where(c => !c.Text.Contains('\0', StringComparison.Ordinal)))
        {
            CheckFastReaderAgrees(chunk);
        }

        CheckPartsReadAsWhole(text, whole);
    }

    private static void CheckFastReaderAgrees(DocumentChunk chunk)
    {
        YamlNode? fast;
        try
        {
            fast = BlockYamlParser.TryParseStrict(chunk.Text, chunk.LineOffset, Limits);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // Production falls back to YamlDotNet here, but a fault is a bug in the fast reader.
            throw new FuzzFinding($"the fast reader faulted on the chunk at line {chunk.LineOffset + 1}", ex);
        }

        if (fast is null)
        {
            return;
        }

        var scanned = YamlEventScanner.Scan(chunk.Text, Limits.MaxNodes);
        var builder = new YamlTreeBuilder(Limits, chunk.LineOffset);
        var (root, error, endOfStream) = builder.Build(scanned[0]);
        if (error is not null || endOfStream || root is null)
        {
            throw new FuzzFinding($"the fast reader accepted a chunk that YamlDotNet reads as {(error is null ? "no document" : "an error: " + error)}");
        }

        if (scanned.Count != 2 || builder.Build(scanned[1]) is not (null, null, true))
        {
            throw new FuzzFinding("the fast reader accepted a chunk in which YamlDotNet finds more than one document, or an error after the first");
        }

        var fastTree = YamlTree.Describe(fast);
        var slowTree = YamlTree.Describe(root);
        if (fastTree != slowTree)
        {
            throw new FuzzFinding($"the fast reader's tree differs from YamlDotNet's:\n--- fast\n{fastTree}\n--- YamlDotNet\n{slowTree}");
        }
    }

    private static void CheckPartsReadAsWhole(string text, IReadOnlyList<SourceDocument> whole)
    {
        var fromParts = YamlDocumentReader.Partition(text, partChars: 1).SelectMany(part => YamlDocumentReader.Read(part)).ToList();
        if (fromParts.Count != whole.Count)
        {
            throw new FuzzFinding($"read in parts, the stream has {fromParts.Count} documents; read whole, {whole.Count}");
        }

        for (var i = 0; i < whole.Count; i++)
        {
            var (a, b) = (whole[i], fromParts[i]);
            if (a.Start != b.Start || a.Error != b.Error || a.Root?.GetRawText() != b.Root?.GetRawText())
            {
                throw new FuzzFinding($"document {i} reads differently in parts ({b.Start}, {b.Error}) than whole ({a.Start}, {a.Error})");
            }
        }
    }
}
