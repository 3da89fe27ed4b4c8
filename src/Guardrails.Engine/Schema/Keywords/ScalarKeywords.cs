using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Guardrails.Engine.Schema.Keywords;

internal sealed class NumberRangeKeyword(decimal? minimum, decimal? maximum, decimal? exclusiveMinimum, decimal? exclusiveMaximum, decimal? multipleOf) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return true;
        }

        if (!value.TryGetDecimal(out var number))
        {
            return context.Fail("is a number too large to compare");
        }

        if (number < minimum)
        {
            return context.Fail($"must be at least {minimum}");
        }

        if (number > maximum)
        {
            return context.Fail($"must be at most {maximum}");
        }

        if (number <= exclusiveMinimum)
        {
            return context.Fail($"must be more than {exclusiveMinimum}");
        }

        if (number >= exclusiveMaximum)
        {
            return context.Fail($"must be less than {exclusiveMaximum}");
        }

        return multipleOf is not { } step || number % step == 0 || context.Fail($"must be a multiple of {step}");
    }
}

internal sealed class StringLengthKeyword(int? minimum, int? maximum) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return true;
        }

        if (!JsonText.TryGetChars(value, stackalloc char[JsonText.ScratchLength], out var text))
        {
            return context.Fail(JsonText.Invalid);
        }

        var length = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            length++;
        }

        if (length < minimum)
        {
            return context.Fail(minimum == 1 ? "must not be empty" : $"must be at least {minimum} characters long");
        }

        return length <= (maximum ?? int.MaxValue) || context.Fail($"must be at most {maximum} characters long");
    }
}

internal sealed class PatternKeyword(PolicyRegex pattern) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return true;
        }

        if (!JsonText.TryGetChars(value, stackalloc char[JsonText.ScratchLength], out var text))
        {
            return context.Fail(JsonText.Invalid);
        }

        return Patterns.IsMatch(pattern, text, context) || context.Fail($"must match the pattern {pattern}");
    }
}

internal sealed partial class FormatKeyword(string format) : ISchemaKeyword
{
    internal static readonly string[] Supported = ["date", "date-time", "int32", "int64", "regex"];

    public bool Validate(JsonElement value, ValidationContext context)
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
            _ => value.ValueKind != JsonValueKind.String || Patterns.TryCreate(text, out _, out _),
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
