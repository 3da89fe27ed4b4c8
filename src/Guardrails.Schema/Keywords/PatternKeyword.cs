using System.Runtime.InteropServices;
using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>
/// <c>pattern</c>; with <c>type: string</c> just before it in the evaluation order, both in one (the pack's commonest
/// pair): a value that is not a string fails as the type keyword fails it, and the pattern holds for it.
/// </summary>
internal sealed class PatternKeyword(PolicyRegex pattern, TypeKeyword? stringType = null) : SchemaKeyword
{
    /// <summary>The pattern with the type keyword before it, when that keyword admits only strings; null otherwise.</summary>
    public static PatternKeyword? Combined(SchemaKeyword first, SchemaKeyword second) =>
        first is TypeKeyword { AllowsOnlyStrings: true } type && second is PatternKeyword { _stringType: null } only
            ? new PatternKeyword(only._pattern, type)
            : null;

    private readonly PolicyRegex _pattern = pattern;
    private readonly TypeKeyword? _stringType = stringType;

    public override bool Validate(JsonElement value, ValidationContext context)
    {
        // The raw text of a string value, and of no other, starts with its quote: one read of the document instead of two.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.IsEmpty || raw[0] != (byte)'"')
        {
            return _stringType is null || _stringType.Validate(value, context);
        }

        // Most values of the pack's patterns are answered from their bytes: no decoding, no regex.
        if (_pattern.HasShortcut && raw[1..^1] is var utf8 && utf8.IndexOf((byte)'\\') < 0 && _pattern.TryShortcut(utf8) is var answer and not ShortcutAnswer.Unknown)
        {
            return answer == ShortcutAnswer.Match || context.Fail($"must match the pattern {_pattern}");
        }

        if (!JsonText.TryGetChars(value, stackalloc char[JsonText.ScratchFor(value)], out var text))
        {
            return context.Fail(JsonText.Invalid);
        }

        return Patterns.IsMatch(_pattern, text, context) || context.Fail($"must match the pattern {_pattern}");
    }
}
