using System.Text.RegularExpressions;

namespace Guardrails.Schema;

/// <summary>
/// A policy's regular expression, tiered like the JIT: interpreted at first, so a short CLI run never pays
/// for compilation, then compiled to IL once it has been used often enough to repay the cost.
/// Both forms have the same semantics and the same time limit; safe to share between threads. A pattern of the
/// catalog (<see cref="IPatternCatalog"/>, the built-in pack's) starts out compiled to code.
/// </summary>
internal sealed class PolicyRegex
{
    /// <summary>The options every policy regex runs with (<see cref="PatternSemantics.Options"/>); see <see cref="EcmaPattern"/>.</summary>
    public const RegexOptions Options = PatternSemantics.Options;

    private const int UsesBeforeCompiling = 512;

    // Shorter limits for a match that must end before the evaluation's deadline, longest first.
    private static readonly int[] ShorterLimitsMilliseconds = [100, 50, 20, 10, 5, 2, 1];

    private readonly Regex?[] _shorter = new Regex?[ShorterLimitsMilliseconds.Length];
    private readonly Regex? _unlimited;
    private readonly int _unlimitedInputLength;
    private readonly PatternShortcut? _shortcut;
    private Regex _current;
    private int _uses;

    private PolicyRegex(string pattern, Regex regex, bool final, Regex? unlimited = null, int unlimitedInputLength = 0, PatternShortcut? shortcut = null)
    {
        _unlimitedInputLength = unlimitedInputLength;
        _shortcut = unlimited is null ? null : shortcut;
        Pattern = pattern;
        _current = regex;
        _uses = final ? UsesBeforeCompiling : 0;
        _unlimited = unlimited;
    }

    /// <summary>The pattern as the policy wrote it.</summary>
    public string Pattern { get; }

    public static bool TryCreate(string pattern, TimeSpan timeout, IPatternCatalog? precompiled, out PolicyRegex? regex, out string? error)
    {
        try
        {
            regex = timeout == Patterns.MatchTimeout && precompiled?.Find(pattern) is { } generated
                ? new PolicyRegex(pattern, generated.Limited, final: true, generated.Unlimited, generated.UnlimitedInputLength, generated.Shortcut)
                : new PolicyRegex(pattern, new Regex(EcmaPattern.ToDotNet(pattern), Options, timeout), final: false);
            error = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            regex = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>
    /// True when a match on <paramref name="length"/> characters cannot come near any time limit, so it runs without one
    /// (a precompiled pattern on a short input, see <see cref="PrecompiledPattern.UnlimitedInputLength"/>).
    /// </summary>
    public bool RunsUnlimited(int length) => _unlimited is not null && length <= _unlimitedInputLength;

    /// <summary>Whether the pattern has a <see cref="PatternShortcut"/> (only some precompiled patterns do).</summary>
    public bool HasShortcut => _shortcut is not null;

    /// <summary>
    /// The answer of the pattern's shortcut (<see cref="PatternShortcut"/>) on the UTF-8 bytes of a value without escapes;
    /// <see cref="ShortcutAnswer.Unknown"/> without a shortcut, or for a value too long to run without a time limit (a
    /// value's UTF-8 bytes are at least as many as its characters).
    /// </summary>
    public ShortcutAnswer TryShortcut(ReadOnlySpan<byte> utf8) =>
        _shortcut is not null && utf8.Length <= _unlimitedInputLength ? _shortcut(utf8) : ShortcutAnswer.Unknown;

    /// <exception cref="RegexMatchTimeoutException">The match ran past the time limit.</exception>
    public bool IsMatch(ReadOnlySpan<char> input)
    {
        if (RunsUnlimited(input.Length))
        {
            return _unlimited!.IsMatch(input);
        }

        if (_uses < UsesBeforeCompiling && Interlocked.Increment(ref _uses) == UsesBeforeCompiling)
        {
            Volatile.Write(ref _current, new Regex(_current.ToString(), Options | RegexOptions.Compiled, _current.MatchTimeout));
        }

        return Volatile.Read(ref _current).IsMatch(input);
    }

    /// <summary>Matches within <paramref name="within"/> (shorter than the pattern's own limit), rounded down to a step of
    /// 100, 50, 20, 10, 5, 2 or 1 ms; each step's regex is built once, interpreted, on first need.</summary>
    /// <exception cref="RegexMatchTimeoutException">The match ran past that limit, or less than 1 ms was left.</exception>
    public bool IsMatch(ReadOnlySpan<char> input, TimeSpan within)
    {
        for (var i = 0; i < ShorterLimitsMilliseconds.Length; i++)
        {
            if (ShorterLimitsMilliseconds[i] <= within.TotalMilliseconds)
            {
                var regex = Volatile.Read(ref _shorter[i]) ?? Shorter(i);
                return regex.IsMatch(input);
            }
        }

        throw new RegexMatchTimeoutException(string.Empty, Pattern, within);
    }

    private Regex Shorter(int index)
    {
        var regex = new Regex(_current.ToString(), Options, TimeSpan.FromMilliseconds(ShorterLimitsMilliseconds[index]));
        Volatile.Write(ref _shorter[index], regex);
        return regex;
    }

    public override string ToString() => Pattern;
}
