using System.Text.RegularExpressions;
using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests.Chart;

/// <summary>The templates and values.yaml agree: no template reads a value that values.yaml does not declare, and no value is dead.</summary>
public sealed partial class ValuesPathTests
{
    [Fact]
    public void Every_values_path_in_the_templates_exists_in_values_yaml()
    {
        var missing = UsedPaths()
            .Where(use => !Exists(ChartFiles.DefaultValues, use.Path))
            .Select(use => $"{use.Template}: .Values.{use.Path}")
            .ToList();

        missing.Should().BeEmpty("every value a template reads must be declared (and documented) in values.yaml");
    }

    [Fact]
    public void The_templates_read_values_at_all()
    {
        UsedPaths().Select(u => u.Path).Should().Contain(["replicaCount", "webhook.validating.failurePolicy", "server.port", "breakGlass"],
            "the path scan must see the chart's values, or the test above proves nothing");
    }

    [Fact]
    public void Every_value_in_values_yaml_is_used_by_a_template()
    {
        var used = UsedPaths().Select(u => u.Path).ToHashSet(StringComparer.Ordinal);
        var unused = Leaves(ChartFiles.DefaultValues, "")
            .Where(leaf => !used.Any(path => leaf == path || leaf.StartsWith(path + ".", StringComparison.Ordinal)))
            .ToList();

        unused.Should().BeEmpty("a value in values.yaml that no template reads is a setting that silently does nothing");
    }

    private static List<(string Template, string Path)> UsedPaths() =>
        [.. ChartFiles.TemplateSources.SelectMany(source => ValuesPath().Matches(source.Text).Select(m => (source.Name, m.Groups[1].Value[1..])))];

    private static bool Exists(IReadOnlyDictionary<string, object?> values, string path)
    {
        object? current = values;
        foreach (var segment in path.Split('.'))
        {
            if (current is not IReadOnlyDictionary<string, object?> map || !map.TryGetValue(segment, out current))
            {
                return false;
            }
        }

        return true;
    }

    // Paths of values that are not non-empty maps: what a user sets.
    private static IEnumerable<string> Leaves(IReadOnlyDictionary<string, object?> map, string prefix) =>
        map.SelectMany(p => p.Value is IReadOnlyDictionary<string, object?> { Count: > 0 } child
            ? Leaves(child, prefix + p.Key + ".")
            : [prefix + p.Key]);

    // .Values.a.b, also as $.Values.a.b and .context.Values.a.b (a dict passed to a helper).
    [GeneratedRegex(@"\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")]
    private static partial Regex ValuesPath();
}
