using System.Text.Json;

namespace Guardrails.Engine.Schema.Keywords;

[Flags]
internal enum JsonTypes
{
    None = 0,
    Object = 1,
    Array = 2,
    String = 4,
    Number = 8,
    Integer = 16,
    Boolean = 32,
    Null = 64,
}

internal sealed class TypeKeyword(JsonTypes allowed, string description) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context)
    {
        var actual = value.ValueKind switch
        {
            JsonValueKind.Object => JsonTypes.Object,
            JsonValueKind.Array => JsonTypes.Array,
            JsonValueKind.String => JsonTypes.String,
            JsonValueKind.Number => IsInteger(value) ? JsonTypes.Integer | JsonTypes.Number : JsonTypes.Number,
            JsonValueKind.True or JsonValueKind.False => JsonTypes.Boolean,
            _ => JsonTypes.Null,
        };
        return (actual & allowed) != 0 || context.Fail($"must be {description}, not {Describe(value)}");
    }

    internal static bool IsInteger(JsonElement value) =>
        value.TryGetInt64(out _) || (value.TryGetDouble(out var number) && Math.Floor(number) == number && !double.IsInfinity(number));

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

internal sealed class EnumKeyword(JsonElement[] allowed, string description) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context)
    {
        foreach (var candidate in allowed)
        {
            if (JsonElement.DeepEquals(candidate, value))
            {
                return true;
            }
        }

        return context.Fail(description);
    }
}
