using System.Text.Json.Nodes;
using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests.Helm;

/// <summary>
/// Splits <c>helm template</c>'s output into its documents. Helm starts each with a <c>---</c> line and a
/// <c># Source: chart/templates/file</c> line; every document must parse as one YAML mapping, with YAML 1.1's ambiguous
/// plain scalars refused (<see cref="YamlTree"/>), so that the tests read what the API server would.
/// </summary>
internal static class ManifestReader
{
    private const string SourcePrefix = "# Source: ";

    public static RenderedChart Read(string manifest)
    {
        var documents = new List<RenderedDocument>();
        var lines = manifest.Split('\n');
        var start = -1;
        for (var i = 0; i <= lines.Length; i++)
        {
            if (i < lines.Length && lines[i] != "---")
            {
                continue;
            }

            if (start >= 0)
            {
                documents.Add(Document(lines[start..i]));
            }
            else if (lines[..i].Any(l => l.Trim().Length > 0))
            {
                throw new FormatException($"helm template printed text before its first document:\n{string.Join('\n', lines[..i])}");
            }

            start = i + 1;
        }

        return new RenderedChart(manifest, documents);
    }

    private static RenderedDocument Document(string[] lines)
    {
        if (lines.Length == 0 || !lines[0].StartsWith(SourcePrefix, StringComparison.Ordinal))
        {
            throw new FormatException($"a document of helm template's output does not start with '{SourcePrefix}':\n{string.Join('\n', lines)}");
        }

        var template = lines[0][SourcePrefix.Length..];
        // Each line as Helm printed it, with its line break: a block scalar at the end of a document keeps its last one.
        var text = string.Concat(lines[1..].Reverse().SkipWhile(l => l.Length == 0).Reverse().Select(l => l + "\n"));
        object? tree;
        try
        {
            tree = YamlTree.Parse(text);
        }
        catch (Exception ex) when (ex is FormatException or YamlDotNet.Core.YamlException)
        {
            throw new FormatException($"{template} renders a document that is not valid YAML ({ex.Message}):\n{text}", ex);
        }

        return tree is Dictionary<string, object?> map && JsonTree.ToNode(map) is JsonObject json
            ? new RenderedDocument(template, text, json)
            : throw new FormatException($"{template} renders a document that is not a mapping:\n{text}");
    }
}
