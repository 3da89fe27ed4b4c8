using System.Runtime.InteropServices;
using System.Text;
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

        // A number's raw text, and an unescaped string's bytes, are the quantity's text in UTF-8: parsed as they are.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var utf8 = kind == JsonValueKind.String ? raw[1..^1] : raw;
        if (kind == JsonValueKind.String && utf8.IndexOf((byte)'\\') >= 0)
        {
            return ValidateEscaped(value, context);
        }

        return Quantity.TryParseUtf8(utf8, out var quantity)
            ? Check(quantity, utf8, null, context)
            : context.Fail($"'{Display(utf8, null)}' is not a valid Kubernetes quantity");
    }

    private bool ValidateEscaped(JsonElement value, ValidationContext context)
    {
        if (!JsonText.TryGet(value, out var text))
        {
            return context.Fail(JsonText.Invalid);
        }

        return Quantity.TryParse(text.AsSpan(), out var quantity)
            ? Check(quantity, default, text, context)
            : context.Fail($"'{Display(default, text)}' is not a valid Kubernetes quantity");
    }

    // Bounds hold on the quantity; its text (the decoded one, else the UTF-8 read from the document) is spelled out
    // only for a failure's message.
    private bool Check(Quantity quantity, ReadOnlySpan<byte> utf8, string? text, ValidationContext context)
    {
        if (minimum is { } low && quantity < low)
        {
            return context.Fail($"{Display(utf8, text)} is below the minimum of {low.Text}");
        }

        return maximum is not { } high || quantity <= high || context.Fail($"{Display(utf8, text)} is above the maximum of {high.Text}");
    }

    private static string Display(ReadOnlySpan<byte> utf8, string? text) => Quantity.Display(text ?? Encoding.UTF8.GetString(utf8));
}
