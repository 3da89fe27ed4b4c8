using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Guardrails.Engine.Json;

namespace Guardrails.Engine.Templates;

/// <summary>
/// A message with <c>{{path}}</c> placeholders: a dotted path in the target, <c>object.</c> paths in the whole
/// object, or <c>kind</c>, <c>namespace</c>, <c>containerType</c>, <c>pointer</c>, <c>autoscaler.name</c>,
/// <c>autoscaler.minReplicas</c>. Parsed once at load.
/// </summary>
internal sealed partial class MessageTemplate
{
    private const string Unset = "<unset>";

    /// <summary>A value longer than this is cut in a message, so a message stays small whatever the object holds.</summary>
    internal const int MaxValueLength = 256;

    private const int KeptBuilderCapacity = 256;

    // The longest text whose JSON string cannot pass the raw length ToText cuts at: each character escapes to at most 6
    // bytes (\uXXXX), plus the two quotes.
    private const int MaxUnescapedFactLength = ((MaxValueLength * 4) - 2) / 6;

    [ThreadStatic]
    private static StringBuilder? t_builder;

    private readonly object[] _parts;

    private MessageTemplate(object[] parts) => _parts = parts;

    public static bool TryParse(string text, out MessageTemplate? template, out string? error)
    {
        template = null;
        error = null;
        var parts = new List<object>();
        var position = 0;
        foreach (Match match in PlaceholderPattern().Matches(text))
        {
            parts.Add(text[position..match.Index]);
            if (Placeholder.Parse(match.Groups[1].Value) is not { } placeholder)
            {
                error = $"placeholder '{match.Value}' is not a dotted path (letters, digits, '_', '-', '.')";
                return false;
            }

            parts.Add(placeholder);
            position = match.Index + match.Length;
        }

        var rest = text[position..];
        if (rest.Contains("{{", StringComparison.Ordinal))
        {
            error = "a '{{' is never closed with '}}'";
            return false;
        }

        parts.Add(rest);
        template = new MessageTemplate([.. parts]);
        return true;
    }

    public string Render(in TemplateScope scope)
    {
        // One builder per thread, kept between messages: a finding then costs its message's string and nothing more.
        var builder = t_builder ?? new StringBuilder(KeptBuilderCapacity);
        t_builder = null;
        try
        {
            foreach (var part in _parts)
            {
                if (part is string literal)
                {
                    builder.Append(literal);
                }
                else if (((Placeholder)part).TryFactText(scope, out var fact))
                {
                    builder.Append(fact is null ? Unset : FactToText(fact));
                }
                else if (((Placeholder)part).Resolve(scope) is { } value)
                {
                    AppendText(builder, value);
                }
                else
                {
                    builder.Append(Unset);
                }
            }

            return builder.ToString();
        }
        finally
        {
            if (builder.Capacity <= KeptBuilderCapacity * 4)
            {
                t_builder = builder.Clear();
            }
        }
    }

    // A fact reads as its JSON string would (ToText): short text without surrogates is that string unchanged and uncut,
    // so only other text pays for building the JSON value.
    private static string FactToText(string text) =>
        text.Length <= MaxUnescapedFactLength && text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0
            ? text
            : ToText(JsonValues.String(text));

    /// <summary>Appends what <see cref="ToText"/> gives: a short string without escapes is decoded straight into the builder.</summary>
    internal static void AppendText(StringBuilder builder, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            // Not cut (at most as many characters as bytes), and without escapes its text is its UTF-8 bytes decoded.
            var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
            var content = raw[1..^1];
            if (content.Length <= MaxValueLength && !content.Contains((byte)'\\'))
            {
                Span<char> text = stackalloc char[MaxValueLength];
                builder.Append(text[..Encoding.UTF8.GetChars(content, text)]);
                return;
            }
        }

        builder.Append(ToText(value));
    }

    internal static string ToText(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return Unset;
        }

        // The raw text is read in place: a long value costs its first few hundred bytes, not a copy per message.
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length > MaxValueLength * 4)
        {
            var content = value.ValueKind == JsonValueKind.String ? raw[1..] : raw;
            var head = Encoding.UTF8.GetString(content[..(MaxValueLength - 64)]).TrimEnd('\uFFFD');
            return string.Concat(head, "...(", raw.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), " bytes)");
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return text.Length <= MaxValueLength
            ? text
            : string.Concat(text.AsSpan(0, MaxValueLength - 64), "...(", text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), " characters)");
    }

    [GeneratedRegex(@"\{\{\s*(.*?)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
