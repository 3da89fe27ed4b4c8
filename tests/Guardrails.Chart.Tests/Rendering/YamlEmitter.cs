using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Guardrails.Chart.Tests.Rendering;

/// <summary>
/// Helm's toYaml (sigs.k8s.io/yaml over go-yaml v2): block style, sorted keys, sequences at their key's indentation,
/// <c>{}</c> and <c>[]</c> for empty collections, literal blocks for multi-line strings, no trailing newline.
/// The layout is what matters: a template that only works with flow-style output must fail here as it would in Helm.
/// </summary>
internal static partial class YamlEmitter
{
    public static string ToYaml(object? value)
    {
        var builder = new StringBuilder();
        switch (value)
        {
            case TemplateMap { Count: > 0 } map:
                WriteMap(builder, map, 0);
                break;
            case IList { Count: > 0 } list:
                WriteList(builder, list, 0);
                break;
            default:
                builder.Append(Scalar(value, 0));
                break;
        }

        return builder.ToString().TrimEnd('\n');
    }

    private static void WriteMap(StringBuilder builder, TemplateMap map, int indent)
    {
        foreach (var (key, value) in map.Entries)
        {
            builder.Append(' ', indent).Append(Text(key, indent)).Append(':');
            WriteValue(builder, value, indent, nestedMapIndent: indent + 2, nestedListIndent: indent);
        }
    }

    private static void WriteList(StringBuilder builder, IList list, int indent)
    {
        foreach (var item in list)
        {
            builder.Append(' ', indent).Append('-');
            if (item is TemplateMap { Count: > 0 } map)
            {
                // The first key shares the dash's line: "- a: 1" then "  b: 2".
                var nested = new StringBuilder();
                WriteMap(nested, map, indent + 2);
                builder.Append(' ').Append(nested.ToString(indent + 2, nested.Length - indent - 2));
            }
            else
            {
                WriteValue(builder, item, indent, nestedMapIndent: indent + 2, nestedListIndent: indent + 2);
            }
        }
    }

    // After "key:" or "-": a scalar on the same line, a collection on the following lines. go-yaml v2 writes a
    // sequence under a key at the key's own indentation.
    private static void WriteValue(StringBuilder builder, object? value, int indent, int nestedMapIndent, int nestedListIndent)
    {
        switch (value)
        {
            case TemplateMap { Count: > 0 } map:
                builder.Append('\n');
                WriteMap(builder, map, nestedMapIndent);
                break;
            case IList { Count: > 0 } list:
                builder.Append('\n');
                WriteList(builder, list, nestedListIndent);
                break;
            default:
                builder.Append(' ').Append(Scalar(value, indent)).Append('\n');
                break;
        }
    }

    private static string Scalar(object? value, int indent) => value switch
    {
        null => "null",
        bool flag => flag ? "true" : "false",
        long number => number.ToString(CultureInfo.InvariantCulture),
        double number when double.IsFinite(number) && Math.Floor(number) == number && Math.Abs(number) < 1e15 => ((long)number).ToString(CultureInfo.InvariantCulture),
        double number when double.IsFinite(number) => number.ToString("R", CultureInfo.InvariantCulture),
        string text => Text(text, indent),
        TemplateMap => "{}",
        IList => "[]",
        _ => throw new TemplateException($"toYaml cannot write a {GoFormat.TypeName(value)}"),
    };

    private static string Text(string text, int indent)
    {
        if (text.Contains('\n', StringComparison.Ordinal) && LiteralAllowed(text))
        {
            return Literal(text, indent);
        }

        return PlainAllowed(text) ? text : Json(text);
    }

    // A literal block: "|" keeps one final newline, "|-" none, "|+" all of them.
    private static string Literal(string text, int indent)
    {
        var body = text.TrimEnd('\n');
        var trailing = text.Length - body.Length;
        var header = trailing switch { 0 => "|-", 1 => "|", _ => "|+" };
        var pad = new string(' ', indent + 2);
        var lines = body.Split('\n').Select(line => line.Length == 0 ? "" : pad + line);
        var keep = trailing > 1 ? string.Concat(Enumerable.Repeat("\n", trailing - 1)) : "";
        return header + "\n" + string.Join("\n", lines) + keep;
    }

    private static bool LiteralAllowed(string text) =>
        !text.StartsWith(' ') && !text.Contains('\r', StringComparison.Ordinal) && !text.Contains('\t', StringComparison.Ordinal)
        && !text.Split('\n').Any(line => line.EndsWith(' ')) && !text.Any(c => c < ' ' && c != '\n');

    private static bool PlainAllowed(string text) => SafePlain().IsMatch(text) && !Resolves().IsMatch(text);

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    // Plain scalars that are unambiguous strings in every YAML version and context.
    [GeneratedRegex(@"^[A-Za-z0-9_/.][A-Za-z0-9_/.\-]*$")]
    private static partial Regex SafePlain();

    // Plain scalars that some YAML version would read as something other than a string.
    [GeneratedRegex(@"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|[-+]?\.[0-9]+|\.(inf|Inf|INF|nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o[0-7]+)$")]
    private static partial Regex Resolves();
}
