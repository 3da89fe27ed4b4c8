using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests.Rendering;

/// <summary>What <c>helm template</c> would be given: values on top of the chart's, the release, and what lookup finds.</summary>
internal sealed record RenderOptions
{
    /// <summary>A values file's text, coalesced over values.yaml like <c>helm -f</c>.</summary>
    public string Values { get; init; } = "";

    public string ReleaseName { get; init; } = "guardrails";

    public string Namespace { get; init; } = "guardrails";

    /// <summary>The cluster seen by <c>lookup</c>; nothing found by default, as with <c>helm template</c>.</summary>
    public ClusterLookup? Lookup { get; init; }
}

/// <summary>One manifest document of the output, parsed.</summary>
internal sealed record RenderedDocument(string Template, string Text, JsonObject Object)
{
    public string Kind => (string?)Object["kind"] ?? "";

    public string Name => (string?)Object["metadata"]?["name"] ?? "";
}

/// <summary>The output of a render: the manifest documents in template order, and NOTES.txt.</summary>
internal sealed record RenderedChart(IReadOnlyList<RenderedDocument> Documents, string Notes)
{
    /// <summary>Every document as one YAML stream, as <c>helm template</c> prints it.</summary>
    public string Manifest => string.Concat(Documents.Select(d => $"---\n# Source: {d.Template}\n{d.Text.Trim('\n')}\n"));

    public IEnumerable<JsonObject> OfKind(string kind) => Documents.Where(d => d.Kind == kind).Select(d => d.Object);

    public JsonObject Single(string kind) => OfKind(kind).Should().ContainSingle($"the chart renders one {kind}").Subject;
}

/// <summary>
/// A chart on disk rendered the way Helm renders it: values coalesced over values.yaml, every template parsed into one
/// set (so defines are shared), each non-partial template executed, its output split at <c>---</c> lines, blank
/// documents dropped and every other one parsed as YAML.
/// </summary>
internal sealed partial class HelmChart
{
    private readonly IReadOnlyList<ParsedTemplate> templates;

    private HelmChart(string directory, Dictionary<string, object?> metadata, Dictionary<string, object?> defaultValues, IReadOnlyList<ParsedTemplate> templates)
    {
        Directory = directory;
        Metadata = metadata;
        DefaultValues = defaultValues;
        this.templates = templates;
    }

    public string Directory { get; }

    public IReadOnlyDictionary<string, object?> Metadata { get; }

    public IReadOnlyDictionary<string, object?> DefaultValues { get; }

    public string Name => (string)Metadata["name"]!;

    /// <summary>Template file names relative to the chart, with their text.</summary>
    public IEnumerable<(string Name, string Text)> TemplateSources =>
        System.IO.Directory.EnumerateFiles(Path.Combine(Directory, "templates"), "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(Directory, f).Replace('\\', '/'), File.ReadAllText(f)));

    public static HelmChart Load(string directory)
    {
        var metadata = YamlTree.Parse(File.ReadAllText(Path.Combine(directory, "Chart.yaml"))) as Dictionary<string, object?>
            ?? throw new TemplateException("Chart.yaml is not a mapping");
        var values = YamlTree.Parse(File.ReadAllText(Path.Combine(directory, "values.yaml"))) as Dictionary<string, object?>
            ?? throw new TemplateException("values.yaml is not a mapping");
        var chartName = (string)metadata["name"]!;
        var parsed = System.IO.Directory.EnumerateFiles(Path.Combine(directory, "templates"), "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => TemplateParser.Parse($"{chartName}/{Path.GetRelativePath(directory, f).Replace('\\', '/')}", File.ReadAllText(f)))
            .ToList();
        foreach (var template in parsed)
        {
            TemplateChecker.Check(template);
        }

        return new HelmChart(directory, metadata, values, parsed);
    }

    /// <summary>The values templates see: the overrides coalesced over values.yaml, as plain YAML values.</summary>
    public Dictionary<string, object?> Values(string overrides)
    {
        var parsed = string.IsNullOrWhiteSpace(overrides) ? new Dictionary<string, object?>() : YamlTree.Parse(overrides) as Dictionary<string, object?>
            ?? throw new TemplateException("the override values are not a mapping");
        return TemplateValues.Merge(DefaultValues, parsed);
    }

    public RenderedChart Render(RenderOptions options)
    {
        var root = Root(options);
        var engine = new TemplateEngine(templates, options.Lookup);
        var documents = new List<RenderedDocument>();
        var notes = "";
        foreach (var template in templates)
        {
            var file = Path.GetFileName(template.Name);
            if (file.StartsWith('_'))
            {
                continue;
            }

            var output = engine.Render(template, root);
            if (file == "NOTES.txt")
            {
                notes = output;
                continue;
            }

            foreach (var text in Separator().Split(output).Where(t => !string.IsNullOrWhiteSpace(t)))
            {
                documents.Add(Parse(template.Name, text));
            }
        }

        return new RenderedChart(documents, notes);
    }

    private static RenderedDocument Parse(string template, string text)
    {
        object? tree;
        try
        {
            tree = YamlTree.Parse(text);
        }
        catch (Exception ex) when (ex is FormatException or YamlDotNet.Core.YamlException)
        {
            throw new TemplateException($"{template} renders a document that is not valid YAML ({ex.Message}):\n{text}", ex);
        }

        return tree is Dictionary<string, object?> map && JsonTree.ToNode(map) is JsonObject json
            ? new RenderedDocument(template, text, json)
            : throw new TemplateException($"{template} renders a document that is not a mapping:\n{text}");
    }

    private TemplateMap Root(RenderOptions options)
    {
        var chart = Metadata.Select(p => KeyValuePair.Create(p.Key == "apiVersion" ? "APIVersion" : char.ToUpperInvariant(p.Key[0]) + p.Key[1..], TemplateValues.FromYaml(p.Value, ".Chart")));
        var release = new Dictionary<string, object?>
        {
            ["Name"] = options.ReleaseName,
            ["Namespace"] = options.Namespace,
            ["Service"] = "Helm",
            ["IsInstall"] = true,
            ["IsUpgrade"] = false,
            ["Revision"] = 1L,
        };
        var root = new Dictionary<string, object?>
        {
            ["Values"] = TemplateValues.FromYaml(Values(options.Values), ".Values"),
            ["Chart"] = new TemplateMap(chart, strict: true, ".Chart"),
            ["Release"] = new TemplateMap(release, strict: true, ".Release"),
        };
        return new TemplateMap(root, strict: true, "the top-level object (only .Values, .Chart and .Release are supported)");
    }

    // Helm's releaseutil.SplitManifests separator.
    [GeneratedRegex(@"(?:^|\s*\n)---\s*")]
    private static partial Regex Separator();
}
