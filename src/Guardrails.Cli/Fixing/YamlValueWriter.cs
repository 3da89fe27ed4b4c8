using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Guardrails.Yaml;

namespace Guardrails.Cli.Fixing;

/// <summary>
/// Writes the JSON value a fix sets as YAML text in the style around it: block entries at a given column, or flow
/// collections inside flow ones. A string is written plain when the engine's own reader reads it back as that same
/// string, and quoted otherwise (in the quote style of its siblings when they are all quoted alike).
/// </summary>
internal static partial class YamlValueWriter
{
    private static readonly ConcurrentDictionary<string, bool> PlainCache = new(StringComparer.Ordinal);

    /// <summary>Block lines <c>key: value</c> (nested members below, <paramref name="step"/> further in), each line ended by <paramref name="newline"/>.</summary>
    public static void WriteEntry(StringBuilder text, string key, JsonNode? value, int column, int step, string newline, char quote)
    {
        text.Append(' ', column).Append(Scalar(key, quote)).Append(':');
        WriteValue(text, value, column, step, newline, quote);
    }

    /// <summary>The value of an entry whose <c>key:</c> is already written: <c> scalar</c> and a line end, or a line end and the nested lines.</summary>
    public static void WriteValue(StringBuilder text, JsonNode? value, int column, int step, string newline, char quote)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } members:
                text.Append(newline);
                foreach (var (name, member) in members)
                {
                    WriteEntry(text, name, member, column + step, step, newline, quote);
                }

                break;
            case JsonArray { Count: > 0 } items:
                text.Append(newline);
                foreach (var item in items)
                {
                    text.Append(' ', column + step).Append("- ").Append(Flow(item, quote)).Append(newline);
                }

                break;
            default:
                text.Append(' ').Append(Flow(value, quote)).Append(newline);
                break;
        }
    }

    /// <summary>The value in flow style: scalars as <see cref="Scalar"/> writes them, <c>{a: 1, b: x}</c>, <c>[1, 2]</c>.</summary>
    public static string Flow(JsonNode? value, char quote) => value switch
    {
        null => "null",
        JsonObject members => "{" + string.Join(", ", members.Select(m => $"{Scalar(m.Key, quote)}: {Flow(m.Value, quote)}")) + "}",
        JsonArray items => "[" + string.Join(", ", items.Select(i => Flow(i, quote))) + "]",
        _ => value.GetValueKind() switch
        {
            JsonValueKind.String => Scalar(value.GetValue<string>(), quote),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "null",
            _ => value.ToJsonString(),
        },
    };

    /// <summary>A string as a YAML scalar: plain when that reads back as the same string, else quoted.</summary>
    /// <param name="text">The string.</param>
    /// <param name="quote"><c>'</c> or <c>"</c> to quote even a string that could be plain (its siblings are quoted so); a NUL character for plain where possible.</param>
    public static string Scalar(string text, char quote)
    {
        if (quote == '\'' && !text.Any(char.IsControl))
        {
            return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
        }

        if (quote != '"' && IsPlain(text))
        {
            return text;
        }

        return "\"" + JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() + "\"";
    }

    /// <summary>True when <paramref name="text"/> can be written plain, in block and flow context alike, and reads back as that string.</summary>
    public static bool IsPlain(string text)
    {
        if (!SafePlain().IsMatch(text))
        {
            return false;
        }

        if (PlainCache.TryGetValue(text, out var plain))
        {
            return plain;
        }

        var read = YamlDocumentReader.Read("k: " + text, trackPositions: false);
        plain = read.Count == 1 && read[0].Root is { } root && root.TryGetProperty("k", out var value)
            && value.ValueKind == JsonValueKind.String && value.GetString() == text;

        // Values come from policies and from the manifests' own fields: a few distinct ones, but never an unbounded cache.
        if (PlainCache.Count < MaxCached)
        {
            PlainCache.TryAdd(text, plain);
        }

        return plain;
    }

    private const int MaxCached = 4096;

    // Characters that mean nothing special in plain scalars, in block or flow context; the reader decides the rest
    // (numbers, booleans, null in YAML 1.1's spellings).
    [GeneratedRegex(@"^[A-Za-z0-9_/][A-Za-z0-9_./=+-]{0,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafePlain();
}
