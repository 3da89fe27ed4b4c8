namespace Guardrails.Chart.Tests.Rendering;

/// <summary>Turns parsed YAML (<see cref="Support.YamlTree"/>) into what templates see, the way Helm reads a values file.</summary>
internal static class TemplateValues
{
    /// <summary>
    /// Mappings become strict <see cref="TemplateMap"/>s and every number a double: Helm decodes values files through
    /// JSON, so a number in values is a float64, and a template that hands one to an int parameter fails in Helm too.
    /// </summary>
    public static object? FromYaml(object? value, string path) => value switch
    {
        IReadOnlyDictionary<string, object?> map => new TemplateMap(
            map.Select(p => KeyValuePair.Create(p.Key, FromYaml(p.Value, $"{path}.{p.Key}"))), strict: true, path),
        List<object?> list => list.Select((item, i) => FromYaml(item, $"{path}[{i}]")).ToList(),
        long number => (double)number,
        _ => value,
    };

    /// <summary>Helm's coalescing: maps merge key by key, anything else in <paramref name="overrides"/> replaces, null removes.</summary>
    public static Dictionary<string, object?> Merge(IReadOnlyDictionary<string, object?> defaults, IReadOnlyDictionary<string, object?> overrides)
    {
        var result = new Dictionary<string, object?>(defaults, StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is IReadOnlyDictionary<string, object?> map && result.GetValueOrDefault(key) is IReadOnlyDictionary<string, object?> existing)
            {
                result[key] = Merge(existing, map);
            }
            else
            {
                result[key] = value;
            }
        }

        return result;
    }
}
