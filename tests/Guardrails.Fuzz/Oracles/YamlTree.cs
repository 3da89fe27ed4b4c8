using System.Globalization;
using System.Text;
using Guardrails.Yaml;

namespace Guardrails.Fuzz.Oracles;

/// <summary>A YAML node tree written out in full (positions, styles, tags, values), so that two trees compare as text.</summary>
internal static class YamlTree
{
    public static string Describe(YamlNode node)
    {
        var builder = new StringBuilder();
        Describe(node, builder);
        return builder.ToString();
    }

    private static void Describe(YamlNode node, StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"@{node.Start.Line}:{node.Start.Column}");
        switch (node)
        {
            case YamlScalar scalar:
                builder.Append(CultureInfo.InvariantCulture, $"<{scalar.Style}|{scalar.Tag}|{scalar.Value}>");
                break;
            case YamlSequence sequence:
                builder.Append('[');
                foreach (var item in sequence.Items)
                {
                    Describe(item, builder);
                    builder.Append(",\n");
                }

                builder.Append(']');
                break;
            case YamlMapping mapping:
                builder.Append('{');
                foreach (var (key, value) in mapping.Entries)
                {
                    Describe(key, builder);
                    builder.Append(" => ");
                    Describe(value, builder);
                    builder.Append(",\n");
                }

                builder.Append('}');
                break;
        }
    }
}
