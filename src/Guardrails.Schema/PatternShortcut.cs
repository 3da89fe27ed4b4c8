namespace Guardrails.Schema;

/// <summary>What a <see cref="PatternShortcut"/> knows of one value.</summary>
public enum ShortcutAnswer
{
    /// <summary>The shortcut cannot tell: the regular expression decides.</summary>
    Unknown,

    /// <summary>The pattern matches the value.</summary>
    Match,

    /// <summary>The pattern does not match the value.</summary>
    NoMatch,
}

/// <summary>
/// Answers one pattern from the UTF-8 bytes of a string value, without decoding the value and without running the
/// regular expression, where that is cheap (a literal every match must contain is absent, or the pattern's language is
/// simple enough to check by hand on ASCII text). Whenever it answers, the answer must be the regular expression's on
/// the decoded value; anything it cannot judge exactly is <see cref="ShortcutAnswer.Unknown"/>. It is only given
/// values without escapes and of at most <see cref="PrecompiledPattern.UnlimitedInputLength"/> bytes, where the regular
/// expression itself runs without a time limit, so a shortcut never turns a time-out into an answer. Thread-safe.
/// </summary>
/// <param name="utf8">The value's text as UTF-8, as the JSON document holds it (the document has no escape in it).</param>
public delegate ShortcutAnswer PatternShortcut(ReadOnlySpan<byte> utf8);
