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

        var text = value.GetString()!;
        var length = text.EnumerateRunes().Count();
        if (length < minimum)
        {
            return context.Fail(minimum == 1 ? "must not be empty" : $"must be at least {minimum} characters long");
        }

        return length <= (maximum ?? int.MaxValue) || context.Fail($"must be at most {maximum} characters long");
    }
}

internal sealed class PatternKeyword(Regex pattern) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context) =>
        value.ValueKind != JsonValueKind.String
        || Patterns.IsMatch(pattern, value.GetString()!)
        || context.Fail($"must match the pattern {pattern}");
}

internal sealed class FormatKeyword(string format) : ISchemaKeyword
{
    internal static readonly string[] Supported = ["date", "date-time", "int32", "int64", "double", "float", "regex"];

    public bool Validate(JsonElement value, ValidationContext context)
    {
        var valid = format switch
        {
            "date" => value.ValueKind != JsonValueKind.String || DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "date-time" => value.ValueKind != JsonValueKind.String || DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "int32" => value.ValueKind != JsonValueKind.Number || value.TryGetInt32(out _),
            "int64" => value.ValueKind != JsonValueKind.Number || value.TryGetInt64(out _),
            "regex" => value.ValueKind != JsonValueKind.String || Patterns.TryCreate(value.GetString()!, out _, out _),
            _ => true,
        };
        return valid || context.Fail($"must be a valid {format}");
    }
}
