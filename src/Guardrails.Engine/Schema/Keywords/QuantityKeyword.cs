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

        var text = value.GetRawText();
        if (value.ValueKind == JsonValueKind.String && !JsonText.TryGet(value, out text))
        {
            return context.Fail(JsonText.Invalid);
        }

        if (!Quantity.TryParse(text, out var quantity))
        {
            return context.Fail($"'{text}' is not a valid Kubernetes quantity");
        }

        if (minimum is { } low && quantity.Value < low.Value)
        {
            return context.Fail($"{text} is below the minimum of {low.Text}");
        }

        return maximum is not { } high || quantity.Value <= high.Value || context.Fail($"{text} is above the maximum of {high.Text}");
    }
}
