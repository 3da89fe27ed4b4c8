using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Guardrails.Engine.Schema;

/// <summary>
/// The built-in pack's patterns, compiled to code at build time by the regex source generator. Native AOT has no
/// run-time regex compiler, so without these the pack's patterns would stay interpreted, several times slower. A
/// pattern listed here changes speed, never meaning: the same pattern text, options and time limit; any other
/// pattern is interpreted, then compiled where the runtime can. A test keeps this list equal to the pack's patterns.
/// </summary>
internal static partial class PrecompiledPatterns
{
    private const RegexOptions Options = PolicyRegex.Options;

    /// <summary>
    /// The longest input a pattern here is matched on without a time limit (by <see cref="FindUnlimited"/>'s form).
    /// None of these patterns backtracks more than quadratically in its input (no nested or adjacent quantifiers that
    /// can split the same text in many ways), so on at most this many characters a match takes well under a
    /// millisecond, far inside the 200 ms limit: the answer is the one the limited form gives, without the clock read
    /// that arming a limit costs on every match. Longer inputs run under the limit.
    /// </summary>
    public const int UnlimitedInputLength = 256;

    private static readonly FrozenDictionary<string, (Regex Limited, Regex Unlimited)> ByPattern = new[]
    {
        (ImageTag(), ImageTagUnlimited()),
        (AllowListedSecretName(), AllowListedSecretNameUnlimited()),
        (CredentialName(), CredentialNameUnlimited()),
        (NonCredentialNameSuffix(), NonCredentialNameSuffixUnlimited()),
        (ReferenceLikeValue(), ReferenceLikeValueUnlimited()),
        (CredentialValue(), CredentialValueUnlimited()),
    }.ToFrozenDictionary(pair => pair.Item1.ToString(), StringComparer.Ordinal);

    /// <summary>The pattern texts compiled here.</summary>
    public static IEnumerable<string> All => ByPattern.Keys;

    /// <summary>The generated regex for exactly this pattern text, if there is one.</summary>
    public static Regex? Find(string pattern) => ByPattern.TryGetValue(pattern, out var pair) ? pair.Limited : null;

    /// <summary>The same pattern without a time limit, for inputs of at most <see cref="UnlimitedInputLength"/> characters.</summary>
    public static Regex? FindUnlimited(string pattern) => ByPattern.TryGetValue(pattern, out var pair) ? pair.Unlimited : null;

    [GeneratedRegex("""^(.+@sha256:[a-f0-9]{64}|([^/@]+/)*[^/:@]+:(?!(?i:latest)$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$""", Options, Patterns.MatchTimeoutMilliseconds)]
    private static partial Regex ImageTag();

    [GeneratedRegex("""^guardrails-allowed-[a-z0-9]([-a-z0-9.]*[a-z0-9])?$""", Options, Patterns.MatchTimeoutMilliseconds)]
    private static partial Regex AllowListedSecretName();

    [GeneratedRegex("""(?i)PASSWORD|PASSWD|SECRET|API[_-]?KEY|PRIVATE[_-]?KEY|CREDENTIAL|TOKEN(?![A-Z])""", Options, Patterns.MatchTimeoutMilliseconds)]
    private static partial Regex CredentialName();

    [GeneratedRegex("""(?i)[_.-](URL|URI|ENDPOINT|HOST|PORT|FILE|PATH|DIR|NAME|ARN|TTL|TIMEOUT|TYPE|HEADER|LENGTH|ENABLED)$""", Options, Patterns.MatchTimeoutMilliseconds)]
    private static partial Regex NonCredentialNameSuffix();

    [GeneratedRegex("""^(|/\S*|\$\([A-Za-z_][-._A-Za-z0-9]*\))$""", Options, Patterns.MatchTimeoutMilliseconds)]
    private static partial Regex ReferenceLikeValue();

    [GeneratedRegex("""-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|\b(AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36,}|\bgithub_pat_[A-Za-z0-9_]{22,}|\bxox[baprs]-[A-Za-z0-9-]{10,}""", Options, Patterns.MatchTimeoutMilliseconds)]
    private static partial Regex CredentialValue();

    [GeneratedRegex("""^(.+@sha256:[a-f0-9]{64}|([^/@]+/)*[^/:@]+:(?!(?i:latest)$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$""", Options, Timeout.Infinite)]
    private static partial Regex ImageTagUnlimited();

    [GeneratedRegex("""^guardrails-allowed-[a-z0-9]([-a-z0-9.]*[a-z0-9])?$""", Options, Timeout.Infinite)]
    private static partial Regex AllowListedSecretNameUnlimited();

    [GeneratedRegex("""(?i)PASSWORD|PASSWD|SECRET|API[_-]?KEY|PRIVATE[_-]?KEY|CREDENTIAL|TOKEN(?![A-Z])""", Options, Timeout.Infinite)]
    private static partial Regex CredentialNameUnlimited();

    [GeneratedRegex("""(?i)[_.-](URL|URI|ENDPOINT|HOST|PORT|FILE|PATH|DIR|NAME|ARN|TTL|TIMEOUT|TYPE|HEADER|LENGTH|ENABLED)$""", Options, Timeout.Infinite)]
    private static partial Regex NonCredentialNameSuffixUnlimited();

    [GeneratedRegex("""^(|/\S*|\$\([A-Za-z_][-._A-Za-z0-9]*\))$""", Options, Timeout.Infinite)]
    private static partial Regex ReferenceLikeValueUnlimited();

    [GeneratedRegex("""-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|\b(AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36,}|\bgithub_pat_[A-Za-z0-9_]{22,}|\bxox[baprs]-[A-Za-z0-9-]{10,}""", Options, Timeout.Infinite)]
    private static partial Regex CredentialValueUnlimited();
}
