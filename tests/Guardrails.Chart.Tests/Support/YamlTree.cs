using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Guardrails.Chart.Tests.Support;

/// <summary>
/// Reads one YAML document into plain values: ordered <see cref="Dictionary{TKey,TValue}"/> mappings,
/// <see cref="List{T}"/> sequences, and string, long, double, bool or null scalars (YAML 1.2 core schema).
/// Plain scalars that YAML 1.1 parsers (go-yaml v2, which Helm and kubectl use) would read differently,
/// such as yes/no/on/off, are refused, so that a rendered manifest cannot mean one thing here and another there.
/// </summary>
internal static partial class YamlTree
{
    public static object? Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count switch
        {
            0 => null,
            1 => Convert(stream.Documents[0].RootNode),
            _ => throw new FormatException($"expected one YAML document, found {stream.Documents.Count}"),
        };
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => sequence.Children.Select(Convert).ToList(),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new FormatException($"unsupported YAML node at {node.Start}"),
    };

    private static Dictionary<string, object?> ConvertMapping(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw new FormatException($"mapping key at {key.Start} is not a scalar");
            }

            if (!result.TryAdd(name, Convert(value)))
            {
                throw new FormatException($"duplicate key '{name}' at {key.Start}");
            }
        }

        return result;
    }

    private static object? ConvertScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific)
        {
            return scalar.Tag.Value == "tag:yaml.org,2002:str" ? value : throw new FormatException($"unsupported tag {scalar.Tag} at {scalar.Start}");
        }

        if (scalar.Style != ScalarStyle.Plain)
        {
            return value;
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE")
        {
            return true;
        }

        if (value is "false" or "False" or "FALSE")
        {
            return false;
        }

        if (Yaml11Only().IsMatch(value))
        {
            throw new FormatException($"plain scalar '{value}' at {scalar.Start} reads differently in YAML 1.1 (quote it)");
        }

        if (Integer().IsMatch(value))
        {
            return long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        return Float().IsMatch(value) ? double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture) : value;
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();

    // Booleans, octal and hex integers, sexagesimal numbers and special floats of YAML 1.1, and 1_000.
    [GeneratedRegex(@"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?0[0-7]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0o[0-7]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|[-+]?[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex Yaml11Only();
}
