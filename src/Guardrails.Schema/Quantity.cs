using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Guardrails.Schema;

/// <summary>
/// A Kubernetes resource quantity ("500m", "1Gi", "2e3") with the value the API server gives it when it parses it.
/// The value is held as a sign, its significant digits and a decimal exponent, so that "1e99999999" costs ten characters,
/// not a hundred million digits: parsing and comparing take time and memory in proportion to the text, never to the
/// exponent.
/// </summary>
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>
{
    /// <summary>Texts up to this length are cached; every quantity a manifest normally holds is far shorter.</summary>
    internal const int CachedTextLength = 64;

    private const int CacheLimit = 4096;

    // Manifests repeat a handful of quantities ("100m", "128Mi"); parsed values, failures included, are reused.
    private static readonly ConcurrentDictionary<string, Quantity?> Cache = new(StringComparer.Ordinal);

    // The same, asked with the UTF-8 of a JSON value: the keywords read quantities from the document without decoding them.
    private static readonly ConcurrentDictionary<byte[], Quantity?> Utf8Cache = new(Utf8TextComparer.Instance);

    // Taken once: each GetAlternateLookup checks the comparer's type again.
    private static readonly ConcurrentDictionary<string, Quantity?>.AlternateLookup<ReadOnlySpan<char>> CharLookup = Cache.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly ConcurrentDictionary<byte[], Quantity?>.AlternateLookup<ReadOnlySpan<byte>> Utf8Lookup = Utf8Cache.GetAlternateLookup<ReadOnlySpan<byte>>();

    private readonly string? _digits;

    internal Quantity(string text, int sign, string digits, long exponent)
    {
        Text = text;
        Sign = digits.Length == 0 ? 0 : sign;
        _digits = Sign == 0 ? string.Empty : digits;
        Exponent = Sign == 0 ? 0 : exponent;
    }

    /// <summary>The quantity as written.</summary>
    public string Text { get; }

    /// <summary>-1, 0 or 1.</summary>
    public int Sign { get; }

    /// <summary>The significant digits of the magnitude, without leading or trailing zeros; empty for zero.</summary>
    internal string Digits => _digits ?? string.Empty;

    /// <summary>The magnitude is <see cref="Digits"/> × 10^<see cref="Exponent"/>.</summary>
    internal long Exponent { get; }

    /// <summary>
    /// Parses <paramref name="text"/> by the API server's rules (apimachinery's <c>ParseQuantity</c> behind
    /// <c>Quantity.UnmarshalJSON</c>): the same texts are accepted and get the same value, rounded up to 1n and, for
    /// binary suffixes, capped at 2^63-1.
    /// </summary>
    public static bool TryParse(string text, out Quantity quantity)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = TryParse(text.AsSpan(), out quantity);
        quantity = quantity.WithText(text);
        return parsed;
    }

    /// <summary>Parses without allocating when the quantity was seen before; <see cref="Text"/> is left empty.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Quantity quantity)
    {
        if (text.Length > CachedTextLength)
        {
            var value = QuantityParser.Parse(text);
            quantity = value.GetValueOrDefault();
            return value.HasValue;
        }

        if (!CharLookup.TryGetValue(text, out var cached))
        {
            cached = QuantityParser.Parse(text);
            if (Cache.Count < CacheLimit)
            {
                Cache.TryAdd(text.ToString(), cached);
            }
        }

        quantity = cached.GetValueOrDefault();
        return cached.HasValue;
    }

    /// <summary>
    /// Parses the UTF-8 text of a quantity (valid UTF-8, as a JSON document holds it) as <see cref="TryParse(ReadOnlySpan{char}, out Quantity)"/>
    /// parses its characters, without decoding it when the quantity was seen before; <see cref="Text"/> is left empty.
    /// </summary>
    internal static bool TryParseUtf8(ReadOnlySpan<byte> utf8, out Quantity quantity)
    {
        // A text of n bytes has at most n characters: one that fits the cache decodes into a cached length of characters.
        if (utf8.Length > CachedTextLength)
        {
            return TryParse(Encoding.UTF8.GetString(utf8).AsSpan(), out quantity);
        }

        if (!Utf8Lookup.TryGetValue(utf8, out var cached))
        {
            Span<char> chars = stackalloc char[CachedTextLength];
            cached = QuantityParser.Parse(chars[..Encoding.UTF8.GetChars(utf8, chars)]);
            if (Utf8Cache.Count < CacheLimit)
            {
                Utf8Cache.TryAdd(utf8.ToArray(), cached);
            }
        }

        quantity = cached.GetValueOrDefault();
        return cached.HasValue;
    }

    /// <summary>A short form of a quantity's text for messages: long texts are cut, with their length given.</summary>
    public static string Display(ReadOnlySpan<char> text) =>
        text.Length <= CachedTextLength ? text.ToString() : $"{text[..24]}...({text.Length.ToString(CultureInfo.InvariantCulture)} characters)";

    /// <summary>The value as a <see cref="decimal"/>, when it has one (at most 28 significant digits, within its range).</summary>
    public bool TryGetDecimal(out decimal value)
    {
        value = 0;
        if (Sign == 0)
        {
            return true;
        }

        if (Digits.Length > 28 || Exponent < -28 || Digits.Length + Exponent > 28)
        {
            return false;
        }

        var text = string.Concat(Sign < 0 ? "-" : string.Empty, Digits, "E", Exponent.ToString(CultureInfo.InvariantCulture));
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Orders by value: by sign, then by the position of the first significant digit, then digit by digit.</summary>
    public int CompareTo(Quantity other)
    {
        if (Sign != other.Sign)
        {
            return Sign.CompareTo(other.Sign);
        }

        return Sign == 0 ? 0 : Sign * CompareMagnitude(this, other);
    }

    /// <summary>Equal in value ("1Ki" equals "1024").</summary>
    public bool Equals(Quantity other) => CompareTo(other) == 0;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Quantity other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Sign, Exponent, string.GetHashCode(Digits, StringComparison.Ordinal));

    /// <inheritdoc/>
    public override string ToString() => Text;

    /// <summary>Compares by value.</summary>
    public static bool operator ==(Quantity left, Quantity right) => left.Equals(right);

    /// <summary>Compares by value.</summary>
    public static bool operator !=(Quantity left, Quantity right) => !left.Equals(right);

    /// <summary>Compares by value.</summary>
    public static bool operator <(Quantity left, Quantity right) => left.CompareTo(right) < 0;

    /// <summary>Compares by value.</summary>
    public static bool operator <=(Quantity left, Quantity right) => left.CompareTo(right) <= 0;

    /// <summary>Compares by value.</summary>
    public static bool operator >(Quantity left, Quantity right) => left.CompareTo(right) > 0;

    /// <summary>Compares by value.</summary>
    public static bool operator >=(Quantity left, Quantity right) => left.CompareTo(right) >= 0;

    internal Quantity WithText(string text) => new(text, Sign, Digits, Exponent);

    private static int CompareMagnitude(Quantity left, Quantity right)
    {
        // The position of the leading digit decides first; both are bounded by the text length plus an int32 exponent.
        var leftLead = left.Digits.Length - 1 + left.Exponent;
        var rightLead = right.Digits.Length - 1 + right.Exponent;
        if (leftLead != rightLead)
        {
            return leftLead.CompareTo(rightLead);
        }

        var common = Math.Min(left.Digits.Length, right.Digits.Length);
        var byDigits = left.Digits.AsSpan(0, common).SequenceCompareTo(right.Digits.AsSpan(0, common));
        if (byDigits != 0)
        {
            return Math.Sign(byDigits);
        }

        // Without trailing zeros, the one with more digits has a non-zero digit further down.
        return left.Digits.Length.CompareTo(right.Digits.Length);
    }
}
