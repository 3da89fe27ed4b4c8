using System.Buffers;
using System.Text.Json;

namespace Guardrails.Yaml;

/// <summary>
/// Writes a YAML node tree as JSON, expanding aliases and merge keys within <see cref="YamlReadLimits"/>,
/// rejecting duplicate keys, and recording where every value stands.
/// </summary>
internal sealed class YamlJsonEmitter
{
    private readonly YamlReadLimits _limits;
    // Where every value stands, in the order the values are written (SourceMap resolves pointers against it).
    private readonly List<SourcePosition>? _positions;
    private readonly int _expectedBytes;
    private int _nodes;

    /// <param name="limits">Bounds on the expansion.</param>
    /// <param name="trackPositions">Record where every value stands.</param>
    /// <param name="sourceChars">The length of the document's text: JSON is about as long, so buffers start there.</param>
    public YamlJsonEmitter(YamlReadLimits limits, bool trackPositions, int sourceChars)
    {
        _limits = limits;
        _expectedBytes = Math.Clamp(sourceChars, 256, 1024 * 1024);
        _positions = trackPositions ? new List<SourcePosition>(_expectedBytes / 16) : null;
    }

    public (JsonElement? Root, SourceMap Map, DocumentError? Error) Emit(YamlNode root)
    {
        var buffer = new ArrayBufferWriter<byte>(_expectedBytes);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            try
            {
                Write(writer, root, root.Start, depth: 0);
            }
            catch (EmitException ex)
            {
                return (null, SourceMap.Empty, ex.Error);
            }
        }

        var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = _limits.MaxDepth + 2 });
        var map = _positions is null ? SourceMap.Empty : new SourceMap(document.RootElement, [.. _positions]);
        return (document.RootElement, map, null);
    }

    private void Write(Utf8JsonWriter writer, YamlNode node, SourcePosition keyPosition, int depth)
    {
        if (++_nodes > _limits.MaxNodes)
        {
            Fail($"document expands to more than {_limits.MaxNodes:N0} values (an alias bomb?)", node.Start);
        }

        if (writer.BytesCommitted + writer.BytesPending > _limits.MaxJsonBytes)
        {
            Fail($"document expands to more than {_limits.MaxJsonBytes / (1024 * 1024)} MiB of JSON (an alias bomb?)", node.Start);
        }

        if (depth > _limits.MaxDepth)
        {
            Fail($"document is nested deeper than {_limits.MaxDepth} levels", node.Start);
        }

        _positions?.Add(keyPosition);
        switch (node)
        {
            case YamlScalar scalar:
                if (YamlScalarResolver.Write(scalar, writer) is { } error)
                {
                    Fail(error, scalar.Start);
                }

                break;
            case YamlSequence sequence:
                writer.WriteStartArray();
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    Write(writer, sequence.Items[i], sequence.Items[i].Start, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case YamlMapping mapping:
                writer.WriteStartObject();
                foreach (var (key, keyNode, value) in EffectiveEntries(mapping))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value, keyNode.Start, depth + 1);
                }

                writer.WriteEndObject();
                break;
        }
    }

    // Explicit keys win over merged ones ("<<"), as in YAML 1.1 and kubectl; a key written twice is an error.
    private static List<(string Key, YamlNode KeyNode, YamlNode Value)> EffectiveEntries(YamlMapping mapping)
    {
        // Most mappings have a handful of keys: a scan of the entries so far finds a duplicate sooner than a
        // dictionary allocated per mapping would.
        var explicitKeys = mapping.Entries.Count > SmallMapping ? new Dictionary<string, YamlNode>(StringComparer.Ordinal) : null;
        var entries = new List<(string Key, YamlNode KeyNode, YamlNode Value)>(mapping.Entries.Count);
        List<YamlMapping>? merges = null;
        foreach (var (keyNode, value) in mapping.Entries)
        {
            if (keyNode is not YamlScalar key)
            {
                Fail("a mapping key must be a scalar to be valid JSON", keyNode.Start);
                continue;
            }

            if (key.IsPlain && key.Value == "<<")
            {
                merges ??= [];
                merges.AddRange(MergeSources(value));
                continue;
            }

            var name = YamlScalarResolver.KeyText(key);
            if (FindKey(entries, explicitKeys, name) is { } first)
            {
                Fail($"duplicate key '{name}' (first at line {first.Start.Line})", key.Start);
            }

            explicitKeys?.Add(name, key);
            entries.Add((name, key, value));
        }

        if (merges is null)
        {
            return entries;
        }

        var merged = new List<(string Key, YamlNode KeyNode, YamlNode Value)>();
        var mergedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in merges)
        {
            foreach (var (keyNode, value) in source.Entries)
            {
                if (keyNode is YamlScalar key && YamlScalarResolver.KeyText(key) is var name && FindKey(entries, explicitKeys, name) is null && mergedKeys.Add(name))
                {
                    merged.Add((name, key, value));
                }
            }
        }

        merged.AddRange(entries);
        return merged;
    }

    private const int SmallMapping = 16;

    private static YamlNode? FindKey(List<(string Key, YamlNode KeyNode, YamlNode Value)> entries, Dictionary<string, YamlNode>? index, string name)
    {
        if (index is not null)
        {
            return index.GetValueOrDefault(name);
        }

        foreach (var (key, keyNode, _) in entries)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return keyNode;
            }
        }

        return null;
    }

    private static IEnumerable<YamlMapping> MergeSources(YamlNode value)
    {
        switch (value)
        {
            case YamlMapping mapping:
                return [mapping];
            case YamlSequence sequence when sequence.Items.TrueForAll(item => item is YamlMapping):
                return sequence.Items.Cast<YamlMapping>();
            default:
                Fail("a merge key '<<' must refer to a mapping or a list of mappings", value.Start);
                return [];
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string message, SourcePosition position) => throw new EmitException(new DocumentError(message, position));

    private sealed class EmitException(DocumentError error) : Exception(error.Message)
    {
        public DocumentError Error { get; } = error;
    }
}
