using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Guardrails.Schema.Keywords;

internal sealed partial class FormatKeyword(string format) : SchemaKeyword
{
    internal static readonly string[] Supported = ["date", "date-time", "int32", "int64", "regex"];

    public override bool Validate(JsonElement value, ValidationContext context)
    {
        var text = string.Empty;
        if (value.ValueKind == JsonValueKind.String && !JsonText.TryGet(value, out text))
        {
            return context.Fail(JsonText.Invalid);
        }

        var valid = format switch
        {
            "date" => value.ValueKind != JsonValueKind.String || DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "date-time" => value.ValueKind != JsonValueKind.String || IsRfc3339(text),
            "int32" => value.ValueKind != JsonValueKind.Number || value.TryGetInt32(out _),
            "int64" => value.ValueKind != JsonValueKind.Number || value.TryGetInt64(out _),
            _ => value.ValueKind != JsonValueKind.String || Patterns.TryCreate(text, null, out _, out _),
        };
        return valid || context.Fail($"must be a valid {format}");
    }

    // RFC 3339 date-time: full date, 'T', full time, and a Z or numeric offset; nothing looser.
    private static bool IsRfc3339(string text)
    {
        if (!Rfc3339().IsMatch(text))
        {
            return false;
        }

        // A leap second (second 60) is valid at 23:59 UTC only; DateTimeOffset has no second 60.
        if (text.AsSpan(17, 2) is "60")
        {
            return DateTimeOffset.TryParse(string.Concat(text.AsSpan(0, 17), "59", text.AsSpan(19)), CultureInfo.InvariantCulture, DateTimeStyles.None, out var leap)
                && leap.UtcDateTime is { Hour: 23, Minute: 59 };
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    // \z, not $: in .NET, $ also matches before a final line break (JSON Schema Test Suite: "a trailing newline is invalid").
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
