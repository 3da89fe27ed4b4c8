using System.Text.RegularExpressions;
using Guardrails.Schema;

namespace Guardrails.Engine.Loading;

/// <summary>
/// The built-in pack's patterns, compiled to code at build time by the regex source generator. Native AOT has no
/// run-time regex compiler, so without these the pack's patterns would stay interpreted, several times slower. A
/// pattern listed here changes speed, never meaning: the same .NET pattern text (EcmaPattern.ToDotNet), options and
/// time limit (<see cref="PatternSemantics"/>) as the validator would build; any other pattern is interpreted, then
/// compiled where the runtime can. A test keeps this list equal to the pack's patterns. The policy compiler hands
/// <see cref="Instance"/> to the schema compiler.
/// </summary>
internal sealed partial class PrecompiledPatterns : IPatternCatalog
{
    private const RegexOptions Options = PatternSemantics.Options;

    /// <summary>
    /// The longest input a pattern here is matched on without a time limit (by <see cref="FindUnlimited"/>'s form).
    /// None of these patterns backtracks more than quadratically in its input (no nested or adjacent quantifiers that
    /// can split the same text in many ways), so on at most this many characters a match takes well under a
    /// millisecond, far inside the 200 ms limit: the answer is the one the limited form gives, without the clock read
    /// that arming a limit costs on every match. Longer inputs run under the limit.
    /// </summary>
    public const int UnlimitedInputLength = 256;

    // The patterns met on every container or environment variable also get a shortcut (PatternShortcuts).
    // A plain dictionary: it is read only while policies compile, and a frozen one costs more to build than it saves.
    private static readonly Dictionary<string, PrecompiledPattern> ByPattern = new (string Source, Regex Limited, Regex Unlimited, PatternShortcut? Shortcut)[]
    {
        (ImageTag, ImageTagLimited(), ImageTagUnlimited(), PatternShortcuts.ImageTag),
        (AllowListedSecretName, AllowListedSecretNameLimited(), AllowListedSecretNameUnlimited(), null),
        (CredentialName, CredentialNameLimited(), CredentialNameUnlimited(), PatternShortcuts.CredentialName),
        (NonCredentialNameSuffix, NonCredentialNameSuffixLimited(), NonCredentialNameSuffixUnlimited(), PatternShortcuts.NonCredentialNameSuffix),
        (ReferenceLikeValue, ReferenceLikeValueLimited(), ReferenceLikeValueUnlimited(), null),
        (CredentialValue, CredentialValueLimited(), CredentialValueUnlimited(), PatternShortcuts.CredentialValue),
    }.ToDictionary(
        entry => entry.Source,
        entry => new PrecompiledPattern(entry.Limited, entry.Unlimited, UnlimitedInputLength, entry.Shortcut),
        StringComparer.Ordinal);

    private PrecompiledPatterns()
    {
    }

    /// <summary>The built-in pack's patterns, as the schema compiler takes them.</summary>
    public static PrecompiledPatterns Instance { get; } = new();

    /// <summary>The pattern texts compiled here, as the pack writes them.</summary>
    public static IEnumerable<string> All => ByPattern.Keys;

    /// <summary>The generated regex for exactly this pattern text, if there is one.</summary>
    public static Regex? Find(string pattern) => ByPattern.TryGetValue(pattern, out var pair) ? pair.Limited : null;

    /// <inheritdoc />
    PrecompiledPattern? IPatternCatalog.Find(string pattern) => ByPattern.GetValueOrDefault(pattern);

    /// <summary>The shortcut of exactly this pattern text, if it has one (<see cref="PatternShortcuts"/>).</summary>
    public static PatternShortcut? FindShortcut(string pattern) => ByPattern.GetValueOrDefault(pattern)?.Shortcut;

    /// <summary>The same pattern without a time limit, for inputs of at most <see cref="UnlimitedInputLength"/> characters.</summary>
    public static Regex? FindUnlimited(string pattern) => ByPattern.TryGetValue(pattern, out var pair) ? pair.Unlimited : null;

    // Each pattern as policies/ writes it, then the .NET text the generator compiles: EcmaPattern.ToDotNet of it, which
    // a test holds equal.
    private const string ImageTag = """^(.+@sha256:[a-f0-9]{64}|([^/@]+/)*[^/:@]+:(?!(?i:latest)$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$""";
    private const string ImageTagDotNet = """^([^\n\r\u2028\u2029]+@sha256:[a-f0-9]{64}|([^/@]+/)*[^/:@]+:(?!(?i:latest)\z)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})\z""";

    [GeneratedRegex(ImageTagDotNet, Options, PatternSemantics.MatchTimeoutMilliseconds)]
    private static partial Regex ImageTagLimited();

    [GeneratedRegex(ImageTagDotNet, Options, Timeout.Infinite)]
    private static partial Regex ImageTagUnlimited();

    private const string AllowListedSecretName = """^guardrails-allowed-[a-z0-9]([-a-z0-9.]*[a-z0-9])?$""";
    private const string AllowListedSecretNameDotNet = """^guardrails-allowed-[a-z0-9]([-a-z0-9.]*[a-z0-9])?\z""";

    [GeneratedRegex(AllowListedSecretNameDotNet, Options, PatternSemantics.MatchTimeoutMilliseconds)]
    private static partial Regex AllowListedSecretNameLimited();

    [GeneratedRegex(AllowListedSecretNameDotNet, Options, Timeout.Infinite)]
    private static partial Regex AllowListedSecretNameUnlimited();

    private const string CredentialName = """(?i)PASSWORD|PASSWD|SECRET|API[_-]?KEY|PRIVATE[_-]?KEY|CREDENTIAL|TOKEN(?![A-Z])""";
    private const string CredentialNameDotNet = """(?i)PASSWORD|PASSWD|SECRET|API[_-]?KEY|PRIVATE[_-]?KEY|CREDENTIAL|TOKEN(?![A-Z])""";

    [GeneratedRegex(CredentialNameDotNet, Options, PatternSemantics.MatchTimeoutMilliseconds)]
    private static partial Regex CredentialNameLimited();

    [GeneratedRegex(CredentialNameDotNet, Options, Timeout.Infinite)]
    private static partial Regex CredentialNameUnlimited();

    private const string NonCredentialNameSuffix = """(?i)[_.-](URL|URI|ENDPOINT|HOST|PORT|FILE|PATH|DIR|NAME|ARN|TTL|TIMEOUT|TYPE|HEADER|LENGTH|ENABLED)$""";
    private const string NonCredentialNameSuffixDotNet = """(?i)[_.-](URL|URI|ENDPOINT|HOST|PORT|FILE|PATH|DIR|NAME|ARN|TTL|TIMEOUT|TYPE|HEADER|LENGTH|ENABLED)\z""";

    [GeneratedRegex(NonCredentialNameSuffixDotNet, Options, PatternSemantics.MatchTimeoutMilliseconds)]
    private static partial Regex NonCredentialNameSuffixLimited();

    [GeneratedRegex(NonCredentialNameSuffixDotNet, Options, Timeout.Infinite)]
    private static partial Regex NonCredentialNameSuffixUnlimited();

    private const string ReferenceLikeValue = """^(|/\S*|\$\([A-Za-z_][-._A-Za-z0-9]*\))$""";
    private const string ReferenceLikeValueDotNet = """^(|/[\u0000-\u0008\u000E-\u001F\u0021-\u009F\u00A1-\u167F\u1681-\u1FFF\u200B-\u2027\u202A-\u202E\u2030-\u205E\u2060-\u2FFF\u3001-\uFEFE\uFF00-\uFFFF]*|\$\([A-Za-z_][-._A-Za-z0-9]*\))\z""";

    [GeneratedRegex(ReferenceLikeValueDotNet, Options, PatternSemantics.MatchTimeoutMilliseconds)]
    private static partial Regex ReferenceLikeValueLimited();

    [GeneratedRegex(ReferenceLikeValueDotNet, Options, Timeout.Infinite)]
    private static partial Regex ReferenceLikeValueUnlimited();

    private const string CredentialValue = """-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|\b(AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36,}|\bgithub_pat_[A-Za-z0-9_]{22,}|\bxox[baprs]-[A-Za-z0-9-]{10,}""";
    private const string CredentialValueDotNet = """-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|\b(AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36,}|\bgithub_pat_[A-Za-z0-9_]{22,}|\bxox[baprs]-[A-Za-z0-9-]{10,}""";

    [GeneratedRegex(CredentialValueDotNet, Options, PatternSemantics.MatchTimeoutMilliseconds)]
    private static partial Regex CredentialValueLimited();

    [GeneratedRegex(CredentialValueDotNet, Options, Timeout.Infinite)]
    private static partial Regex CredentialValueUnlimited();
}
