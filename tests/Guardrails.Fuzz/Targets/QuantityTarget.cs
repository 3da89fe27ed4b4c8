using System.Text;
using System.Text.Json;
using Guardrails.Schema;
using Guardrails.Schema.Compilation;

namespace Guardrails.Fuzz.Targets;

/// <summary>
/// Kubernetes quantities, parsed and compared the way rules use them (<c>quantityMinimum</c>, <c>quantityMaximum</c>).
/// The input is two quantities, one per line. Nothing throws; the schema compiler accepts a bound exactly when the
/// quantity parses; the comparison is a total order (reflexive, every pair ordered one way or both, the same seen
/// from either side); a JSON number compares as its text does; and a failing value says why.
/// </summary>
internal sealed class QuantityTarget : FuzzTarget
{
    public const string TargetName = "quantity";

    public override string Name => TargetName;

    // Parsing and comparing are meant to take microseconds whatever the exponent or digit count.
    public override TimeSpan Bound => TimeSpan.FromSeconds(1);

    public override void Run(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var (a, b) = newline < 0 ? (text, text) : (text[..newline], text[(newline + 1)..]);

        var minA = CompileBound("quantityMinimum", a);
        var maxA = CompileBound("quantityMaximum", a);
        var minB = CompileBound("quantityMinimum", b);
        var maxB = CompileBound("quantityMaximum", b);
        if (minA is null || maxA is null || minB is null || maxB is null)
        {
            return;
        }

        if (!Passes(minA, a) || !Passes(maxA, a))
        {
            throw new FuzzFinding($"'{a}' is not within bounds of itself");
        }

        var (bAtLeastA, bAtMostA) = (Passes(minA, b), Passes(maxA, b));
        var (aAtLeastB, aAtMostB) = (Passes(minB, a), Passes(maxB, a));
        if (!bAtLeastA && !bAtMostA)
        {
            throw new FuzzFinding($"'{b}' is neither at least nor at most '{a}'");
        }

        if (bAtLeastA != aAtMostB || bAtMostA != aAtLeastB)
        {
            throw new FuzzFinding($"'{a}' and '{b}' compare differently from either side: b>=a {bAtLeastA}, a<=b {aAtMostB}, b<=a {bAtMostA}, a>=b {aAtLeastB}");
        }

        if (AsNumber(b) is { } number && (Passes(minA, number) != bAtLeastA || Passes(maxA, number) != bAtMostA))
        {
            throw new FuzzFinding($"the JSON number {b} compares with '{a}' differently from the string \"{b}\"");
        }
    }

    // The compiled bound, or null when the quantity does not parse; the compiler must agree with the parser.
    private static CompiledSchema? CompileBound(string keyword, string quantity)
    {
        var parses = Quantity.TryParse(quantity, out _);
        using var schema = JsonDocument.Parse($"{{{JsonSerializer.Serialize(keyword)}: {JsonSerializer.Serialize(quantity)}}}");
        var (compiled, problems) = SchemaCompiler.Compile(schema.RootElement);
        if (parses != (compiled is not null) || (compiled is null && problems.Count == 0))
        {
            throw new FuzzFinding($"Quantity.TryParse says {parses} for '{quantity}', but the schema compiler {(compiled is null ? "rejects" : "accepts")} {keyword}: it");
        }

        return compiled;
    }

    private static bool Passes(CompiledSchema bound, string value)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(value));
        return Passes(bound, document.RootElement);
    }

    private static bool Passes(CompiledSchema bound, JsonElement value)
    {
        var context = new ValidationContext(collectAll: true);
        var valid = bound.Validate(value, context);
        if (valid == context.Failures.Count > 0 || context.Failures.Any(f => f.Message.Length == 0))
        {
            throw new FuzzFinding($"the verdict ({valid}) and the failures ({context.Failures.Count}) disagree for {value.GetRawText()}");
        }

        return valid;
    }

    private static JsonElement? AsNumber(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Number ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
