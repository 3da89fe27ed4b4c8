namespace Guardrails.Chart.Tests.Support;

/// <summary>The chart's files as they are on disk: values.yaml parsed, and the template sources.</summary>
internal static class ChartFiles
{
    private static readonly Lazy<IReadOnlyDictionary<string, object?>> Defaults = new(() =>
        YamlTree.Parse(File.ReadAllText(Path.Combine(RepoPaths.Chart, "values.yaml"))) as Dictionary<string, object?>
            ?? throw new FormatException("values.yaml is not a mapping"));

    public static IReadOnlyDictionary<string, object?> DefaultValues => Defaults.Value;

    /// <summary>Template file names relative to the chart, with their text.</summary>
    public static IEnumerable<(string Name, string Text)> TemplateSources =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Chart, "templates"), "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(RepoPaths.Chart, f).Replace('\\', '/'), File.ReadAllText(f)));
}
