using System.Text.Json;

namespace Guardrails.Schema.Keywords;

internal sealed class TypeKeyword(JsonTypes allowed, string description) : SchemaKeyword
{
    /// <summary>Whether only strings pass.</summary>
    internal bool AllowsOnlyStrings => allowed == JsonTypes.String;

    public override bool Validate(JsonElement value, ValidationContext context)
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
