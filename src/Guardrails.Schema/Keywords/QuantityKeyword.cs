using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>
/// Guardrails' extension keywords <c>quantityMinimum</c> and <c>quantityMaximum</c>: bounds on Kubernetes
/// quantities compared by value ("500m" &lt; "1", "1Gi" &gt; "1000Mi"), in time linear in the text whatever its exponent.
/// </summary>
internal sealed class QuantityKeyword(Quantity? minimum, Quantity? maximum) : SchemaKeyword
{
    public override bool Validate(JsonElement value, ValidationContext context)
    {
        // Each read of the kind is a call into the document: once is enough.
        var kind = value.ValueKind;
        if (kind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            return true;
        }

        Span<char> scratch = stackalloc char[kind == JsonValueKind.String ? JsonText.ScratchFor(value) : 0];
        scoped ReadOnlySpan<char> text = kind == JsonValueKind.Number ? value.GetRawText() : default;
        if (kind == JsonValueKind.String && !JsonText.TryGetChars(value, scratch, out text))
        {
            return context.Fail(JsonText.Invalid);
        }

        if (!Quantity.TryParse(text, out var quantity))
        {
            return context.Fail($"'{Quantity.Display(text)}' is not a valid Kubernetes quantity");
        }

        if (minimum is { } low && quantity < low)
        {
            return context.Fail($"{Quantity.Display(text)} is below the minimum of {low.Text}");
        }

        return maximum is not { } high || quantity <= high || context.Fail($"{Quantity.Display(text)} is above the maximum of {high.Text}");
    }
}
