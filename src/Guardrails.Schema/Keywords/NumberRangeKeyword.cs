using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class NumberRangeKeyword(decimal? minimum, decimal? maximum, decimal? exclusiveMinimum, decimal? exclusiveMaximum, decimal? multipleOf) : SchemaKeyword
{
    public override bool Validate(JsonElement value, ValidationContext context)
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
