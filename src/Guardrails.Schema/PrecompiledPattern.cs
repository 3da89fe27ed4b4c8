using System.Text.RegularExpressions;

namespace Guardrails.Schema;

/// <summary>
/// One pattern compiled ahead of time (by the regex source generator: Native AOT has no run-time regex compiler).
/// </summary>
/// <param name="Limited">The pattern with <see cref="PatternSemantics.Options"/> and a time limit of
/// <see cref="PatternSemantics.MatchTimeoutMilliseconds"/>.</param>
/// <param name="Unlimited">The same pattern without a time limit, or null.</param>
/// <param name="UnlimitedInputLength">The longest input <paramref name="Unlimited"/> is trusted with: on at most this many
/// characters the pattern cannot come near the time limit, so the match skips the clock.</param>
/// <param name="Shortcut">Answers the pattern on a value's UTF-8 bytes where it can, before the regex (see
/// <see cref="PatternShortcut"/>), or null.</param>
public sealed record PrecompiledPattern(Regex Limited, Regex? Unlimited, int UnlimitedInputLength, PatternShortcut? Shortcut = null);
