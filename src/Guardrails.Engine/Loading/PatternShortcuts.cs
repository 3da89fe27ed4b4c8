using System.Buffers;
using System.Text;
using Guardrails.Schema;

namespace Guardrails.Engine.Loading;

/// <summary>
/// Shortcuts (<see cref="PatternShortcut"/>) for the built-in pack's most used patterns, answering from a value's UTF-8
/// bytes what the regular expression would answer on its text, or <see cref="ShortcutAnswer.Unknown"/>. The credential
/// value's is a prefilter (a match must contain one of a few ASCII literals: when none is there, there is no match;
/// otherwise the regex decides); the image pattern, the credential name pattern and its harmless-suffix exclusion are
/// checked in full on ASCII text. Anything non-ASCII where case-insensitive matching or '.' could mean more than ASCII is
/// left to the regex. A test compares each with its regex on many strings.
/// </summary>
internal static class PatternShortcuts
{
    // Every match of CredentialName holds one of these, in any ASCII case (on ASCII text only: (?i) also maps some
    // non-ASCII letters, such as the Kelvin sign, to ASCII ones).
    private static readonly Literals CredentialNameLiterals = new(["PASSW", "SECRET", "API", "PRIVATE", "CREDENTIAL", "TOKEN"], ignoreCase: true);

    // Every match of CredentialValue holds one of these as they are: the pattern is case-sensitive and its literals are
    // ASCII, which UTF-8 writes as the same bytes and never inside another character's encoding.
    private static readonly Literals CredentialValueLiterals = new(["-----BEGIN ", "AKIA", "ASIA", "gh", "github_pat_", "xox"], ignoreCase: false);

    private static readonly byte[] DigestSeparator = "@sha256:"u8.ToArray();
    private static readonly SearchValues<byte> DigestCharacters = SearchValues.Create("0123456789abcdef"u8);
    private static readonly SearchValues<byte> TagCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"u8);

    private static readonly byte[][] NonCredentialSuffixes =
        [.. new[] { "URL", "URI", "ENDPOINT", "HOST", "PORT", "FILE", "PATH", "DIR", "NAME", "ARN", "TTL", "TIMEOUT", "TYPE", "HEADER", "LENGTH", "ENABLED" }.Select(Encoding.ASCII.GetBytes)];

    private const int DigestLength = 64;
    private const int MaxTagLength = 128;

    /// <summary>
    /// For <c>(?i)PASSWORD|PASSWD|SECRET|API[_-]?KEY|PRIVATE[_-]?KEY|CREDENTIAL|TOKEN(?![A-Z])</c>, in full on ASCII text:
    /// most names hold none of its literals; a name that holds one is matched alternative by alternative.
    /// </summary>
    public static ShortcutAnswer CredentialName(ReadOnlySpan<byte> utf8)
    {
        if (!Ascii.IsValid(utf8))
        {
            return ShortcutAnswer.Unknown;
        }

        return CredentialNameLiterals.FoundIn(utf8) && HoldsCredentialName(utf8) ? ShortcutAnswer.Match : ShortcutAnswer.NoMatch;
    }

    /// <summary>
    /// For <c>(?i)[_.-](URL|URI|ENDPOINT|HOST|PORT|FILE|PATH|DIR|NAME|ARN|TTL|TIMEOUT|TYPE|HEADER|LENGTH|ENABLED)$</c> (with
    /// ECMA-262's '$', the end of the text), in full on ASCII text.
    /// </summary>
    public static ShortcutAnswer NonCredentialNameSuffix(ReadOnlySpan<byte> utf8)
    {
        if (!Ascii.IsValid(utf8))
        {
            return ShortcutAnswer.Unknown;
        }

        // No suffix holds a separator, so the one before a matching suffix is the text's last.
        var separator = utf8.LastIndexOfAny((byte)'_', (byte)'.', (byte)'-');
        if (separator < 0)
        {
            return ShortcutAnswer.NoMatch;
        }

        var last = utf8[(separator + 1)..];
        foreach (var suffix in NonCredentialSuffixes)
        {
            if (last.Length == suffix.Length && Ascii.EqualsIgnoreCase(last, suffix))
            {
                return ShortcutAnswer.Match;
            }
        }

        return ShortcutAnswer.NoMatch;
    }

    /// <summary>For the credential value pattern (PEM private keys, AWS key ids, GitHub and Slack tokens).</summary>
    public static ShortcutAnswer CredentialValue(ReadOnlySpan<byte> utf8) =>
        CredentialValueLiterals.FoundIn(utf8) ? ShortcutAnswer.Unknown : ShortcutAnswer.NoMatch;

    /// <summary>
    /// For <c>^(.+@sha256:[a-f0-9]{64}|([^/@]+/)*[^/:@]+:(?!(?i:latest)$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$</c> (with
    /// ECMA-262's '.' and '$'), in full on ASCII text: a digest reference, or a name and a tag.
    /// </summary>
    public static ShortcutAnswer ImageTag(ReadOnlySpan<byte> utf8)
    {
        if (!Ascii.IsValid(utf8))
        {
            return ShortcutAnswer.Unknown;
        }

        return IsDigestReference(utf8) || IsTaggedName(utf8) ? ShortcutAnswer.Match : ShortcutAnswer.NoMatch;
    }

    // Whether one of the alternatives matches at some position of the ASCII text, in any case: TOKEN only where no
    // letter follows it ((?i) makes [A-Z] any ASCII letter).
    private static bool HoldsCredentialName(ReadOnlySpan<byte> text)
    {
        for (var at = 0; at < text.Length; at++)
        {
            var rest = text[at..];
            var holds = (rest[0] | 0x20) switch
            {
                'p' => StartsWith(rest, "PASSWORD"u8) || StartsWith(rest, "PASSWD"u8) || (StartsWith(rest, "PRIVATE"u8) && KeyFollows(rest[7..])),
                's' => StartsWith(rest, "SECRET"u8),
                'c' => StartsWith(rest, "CREDENTIAL"u8),
                'a' => StartsWith(rest, "API"u8) && KeyFollows(rest[3..]),
                't' => StartsWith(rest, "TOKEN"u8) && (rest.Length == 5 || !char.IsAsciiLetter((char)rest[5])),
                _ => false,
            };
            if (holds)
            {
                return true;
            }
        }

        return false;
    }

    // [_-]?KEY
    private static bool KeyFollows(ReadOnlySpan<byte> text) =>
        StartsWith(text, "KEY"u8) || (text.Length > 0 && text[0] is (byte)'_' or (byte)'-' && StartsWith(text[1..], "KEY"u8));

    private static bool StartsWith(ReadOnlySpan<byte> text, ReadOnlySpan<byte> upperCaseWord) =>
        text.Length >= upperCaseWord.Length && Ascii.EqualsIgnoreCase(text[..upperCaseWord.Length], upperCaseWord);

    // .+@sha256:[a-f0-9]{64} to the end: the digest and its separator are the last 72 characters, and before them at
    // least one character that is not a line terminator ('\n' or '\r' in ASCII).
    private static bool IsDigestReference(ReadOnlySpan<byte> text)
    {
        var nameLength = text.Length - DigestSeparator.Length - DigestLength;
        if (nameLength < 1)
        {
            return false;
        }

        return text[(nameLength + DigestSeparator.Length)..].IndexOfAnyExcept(DigestCharacters) < 0
            && text.Slice(nameLength, DigestSeparator.Length).SequenceEqual(DigestSeparator)
            && text[..nameLength].IndexOfAny((byte)'\n', (byte)'\r') < 0;
    }

    // ([^/@]+/)*[^/:@]+:(?!(?i:latest)$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127} to the end. No tag character is ':', and the
    // name before it holds none, so the tag follows the last ':'; the name is what follows the last '/' before that,
    // and each path segment before the name is non-empty and holds no '@'.
    private static bool IsTaggedName(ReadOnlySpan<byte> text)
    {
        var colon = text.LastIndexOf((byte)':');
        if (colon < 0 || !IsTag(text[(colon + 1)..]))
        {
            return false;
        }

        var path = text[..colon];
        var slash = path.LastIndexOf((byte)'/');
        var name = path[(slash + 1)..];
        if (name.IsEmpty || name.IndexOfAny((byte)'@', (byte)':') >= 0)
        {
            return false;
        }

        var segments = path[..(slash + 1)];
        return segments.IndexOf((byte)'@') < 0 && segments.IndexOf("//"u8) < 0 && (segments.IsEmpty || segments[0] != (byte)'/');
    }

    private static bool IsTag(ReadOnlySpan<byte> tag) =>
        tag.Length is >= 1 and <= MaxTagLength
        && tag[0] != (byte)'.' && tag[0] != (byte)'-'
        && tag.IndexOfAnyExcept(TagCharacters) < 0
        && !Ascii.EqualsIgnoreCase(tag, "latest"u8);
}
