using System.Text.Json;

namespace Guardrails.Engine.Schema.Keywords;

/// <summary>
/// Guardrails' extension keywords <c>quantityMinimum</c> and <c>quantityMaximum</c>: bounds on Kubernetes
/// quantities compared by value ("500m" &lt; "1", "1Gi" &gt; "1000Mi").
/// </summary>
internal sealed class QuantityKeyword(Quantity? minimum, Quantity? maximum) : ISchemaKeyword
{
    public bool Validate(JsonElement value, ValidationContext context)
    {
        if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            return true;
        }

        Span<char> scratch = stackalloc char[JsonText.ScratchLength];
        scoped ReadOnlySpan<char> text = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : default;
        if (value.ValueKind == JsonValueKind.String && !JsonText.TryGetChars(value, scratch, out text))
        {
            return context.Fail(JsonText.Invalid);
        }

        if (!Quantity.TryParse(text, out var quantity))
        {
            return context.Fail($"'{text.ToString()}' is not a valid Kubernetes quantity");
        }

        if (minimum is { } low && quantity.Value < low.Value)
        {
            return context.Fail($"{text.ToString()} is below the minimum of {low.Text}");
        }

        return maximum is not { } high || quantity.Value <= high.Value || context.Fail($"{text.ToString()} is above the maximum of {high.Text}");
    }
}
