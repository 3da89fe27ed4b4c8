using System.Numerics;

namespace Guardrails.Schema;

/// <summary>
/// The API server's quantity grammar and arithmetic (apimachinery <c>resource.ParseQuantity</c>, Kubernetes 1.32), without
/// ever expanding a number: every step is linear in the text, whatever its exponent.
/// </summary>
/// <remarks>
/// What the API server does, and so what this does:
/// <list type="bullet">
/// <item>Surrounding spaces are trimmed (<c>strings.TrimSpace</c>); control characters and U+2028/U+2029 are not, because
/// a JSON client escapes them and the API server then sees the escape.</item>
/// <item>An optional sign, digits with an optional point (<c>1.</c>, <c>.5</c>, even <c>.</c> and no digits at all read as
/// 0), then a suffix: decimal SI (n u m k M G T P E), binary SI (Ki Mi Gi Ti Pi Ei) or <c>e</c>/<c>E</c> with a signed
/// exponent that must fit in 64 bits and is then truncated to 32 (so <c>1e4294967296</c> is 1).</item>
/// <item>A number without any digit is only accepted where the API server's int64 fast path takes it (<c>e3</c>,
/// <c>Mi</c>); elsewhere (<c>e-10</c>, <c>Pi</c>) its decimal parser refuses it.</item>
/// <item>The value is rounded up, away from zero, to a multiple of 1n; a binary-suffixed value is capped at 2^63-1 in
/// magnitude. Decimal values are not capped.</item>
/// </list>
/// </remarks>
internal static class QuantityParser
{
    private const int NanoExponent = -9;

    // (2^63-1) × 10^9: the binary cap in units of 1n.
    private static readonly BigInteger BinaryCapInNano = new BigInteger(long.MaxValue) * BigInteger.Pow(10, 9);

    /// <summary>The quantity, or null when the API server would refuse the text.</summary>
    public static Quantity? Parse(ReadOnlySpan<char> text)
    {
        var s = Trim(text);
        if (s.IsEmpty)
        {
            return null;
        }

        var pos = 0;
        var sign = 1;
        if (s[0] is '-' or '+')
        {
            sign = s[0] == '-' ? -1 : 1;
            pos++;
        }

        var zeros = pos;
        while (pos < s.Length && s[pos] == '0')
        {
            pos++;
        }

        var strippedZeros = pos > zeros;
        var numStart = pos;
        while (pos < s.Length && char.IsAsciiDigit(s[pos]))
        {
            pos++;
        }

        var num = s[numStart..pos];
        var denom = ReadOnlySpan<char>.Empty;
        if (pos < s.Length && s[pos] == '.')
        {
            pos++;
            var denomStart = pos;
            while (pos < s.Length && char.IsAsciiDigit(s[pos]))
            {
                pos++;
            }

            denom = s[denomStart..pos];
        }

        if (!TryReadSuffix(s[pos..], out var suffix))
        {
            return null;
        }

        if (!TryInterpret(suffix, out var exponent, out var binary))
        {
            return null;
        }

        var hasDigits = strippedZeros || !num.IsEmpty || !denom.IsEmpty;
        if (!hasDigits && !TakesFastPath(exponent, binary))
        {
            return null;
        }

        return Value(sign, num, denom, exponent, binary);
    }

    // strings.TrimSpace, less what a JSON client escapes (control characters, U+2028, U+2029).
    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> text)
    {
        var start = 0;
        while (start < text.Length && IsTrimmed(text[start]))
        {
            start++;
        }

        var end = text.Length;
        while (end > start && IsTrimmed(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    private static bool IsTrimmed(char c) => c >= ' ' && c is not ('\u2028' or '\u2029') && char.IsWhiteSpace(c);

    // The suffix: letters of "eEinumkKMGTP", then an optional sign, then digits to the end; anything else is malformed.
    private static bool TryReadSuffix(ReadOnlySpan<char> rest, out ReadOnlySpan<char> suffix)
    {
        suffix = rest;
        var i = 0;
        while (i < rest.Length && "eEinumkKMGTP".Contains(rest[i]))
        {
            i++;
        }

        if (i < rest.Length && rest[i] is '-' or '+')
        {
            i++;
        }

        while (i < rest.Length && char.IsAsciiDigit(rest[i]))
        {
            i++;
        }

        return i == rest.Length;
    }

    // Decimal SI is looked up before binary SI, then an exponent: "E" alone is exa, "E3" is 10^3.
    private static bool TryInterpret(ReadOnlySpan<char> suffix, out int exponent, out bool binary)
    {
        binary = false;
        exponent = suffix switch
        {
            "" => 0,
            "n" => -9,
            "u" => -6,
            "m" => -3,
            "k" => 3,
            "M" => 6,
            "G" => 9,
            "T" => 12,
            "P" => 15,
            "E" => 18,
            _ => int.MinValue,
        };
        if (exponent != int.MinValue)
        {
            return true;
        }

        exponent = suffix switch
        {
            "Ki" => 10,
            "Mi" => 20,
            "Gi" => 30,
            "Ti" => 40,
            "Pi" => 50,
            "Ei" => 60,
            _ => -1,
        };
        if (exponent > 0)
        {
            binary = true;
            return true;
        }

        exponent = 0;
        if (suffix.Length < 2 || suffix[0] is not ('e' or 'E') || !TryParseInt64(suffix[1..], out var parsed))
        {
            return false;
        }

        // The API server keeps the exponent as an int32 and truncates it without a check.
        exponent = unchecked((int)parsed);
        return true;
    }

    // strconv.ParseInt(text, 10, 64): an optional sign, at least one digit, no overflow; leading zeros are fine.
    private static bool TryParseInt64(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        var negative = false;
        if (!text.IsEmpty && text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            text = text[1..];
        }

        if (text.IsEmpty)
        {
            return false;
        }

        ulong magnitude = 0;
        const ulong limit = (ulong)long.MaxValue + 1;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            magnitude = (magnitude * 10) + (ulong)(c - '0');
            if (magnitude > limit)
            {
                return false;
            }
        }

        if (magnitude == limit && !negative)
        {
            return false;
        }

        value = negative ? unchecked(-(long)magnitude) : (long)magnitude;
        return true;
    }

    // A number with no digit at all ("e3", "Mi") is zero when the API server's int64 fast path takes it; its decimal
    // parser, the other path, refuses it. The fast path's conditions for the digit "0" alone:
    private static bool TakesFastPath(int exponent, bool binary) =>
        binary
            ? 15 - 1 - (int)((float)exponent * 3 / 10) - 1 >= 0
            : exponent >= NanoExponent;

    private static Quantity Value(int sign, ReadOnlySpan<char> num, ReadOnlySpan<char> denom, int exponent, bool binary)
    {
        // The magnitude is digits × 10^scale (× 2^exponent when binary), digits being the number without its point.
        var digits = SignificantDigits(num, denom, out var trailingZeros);
        if (digits.Length == 0)
        {
            return new Quantity(string.Empty, 0, string.Empty, 0);
        }

        long scale = binary
            ? -(long)denom.Length
            : -(long)unchecked(denom.Length - exponent); // the API server adds the two as int32, wrapping.
        scale += trailingZeros;
        return binary ? Binary(sign, digits, scale, exponent) : RoundUpToNano(sign, digits, scale);
    }

    private static string SignificantDigits(ReadOnlySpan<char> num, ReadOnlySpan<char> denom, out int trailingZeros)
    {
        var all = new char[num.Length + denom.Length];
        num.CopyTo(all);
        denom.CopyTo(all.AsSpan(num.Length));
        var span = all.AsSpan();
        var lead = 0;
        while (lead < span.Length && span[lead] == '0')
        {
            lead++;
        }

        span = span[lead..];
        var end = span.Length;
        while (end > 0 && span[end - 1] == '0')
        {
            end--;
        }

        trailingZeros = span.Length - end;
        return new string(span[..end]);
    }

    // Decimal values keep every digit down to 1n; anything below it rounds the last kept digit up.
    private static Quantity RoundUpToNano(int sign, string digits, long scale)
    {
        if (scale >= NanoExponent)
        {
            return new Quantity(string.Empty, sign, digits, scale);
        }

        // Without trailing zeros, the digits below 1n are never all zero: the value rounds up.
        var below = NanoExponent - scale;
        if (below >= digits.Length)
        {
            return new Quantity(string.Empty, sign, "1", NanoExponent);
        }

        var kept = digits.AsSpan(0, digits.Length - (int)below);
        return Increment(sign, kept, NanoExponent);
    }

    // kept + 1 in its last position, carrying, then without trailing zeros.
    private static Quantity Increment(int sign, ReadOnlySpan<char> kept, long exponent)
    {
        var result = new char[kept.Length + 1];
        kept.CopyTo(result.AsSpan(1));
        result[0] = '0';
        var i = result.Length - 1;
        while (result[i] == '9')
        {
            result[i] = '0';
            i--;
        }

        result[i]++;
        var span = result.AsSpan();
        if (span[0] == '0')
        {
            span = span[1..];
        }

        var end = span.Length;
        while (end > 0 && span[end - 1] == '0')
        {
            end--;
        }

        return new Quantity(string.Empty, sign, new string(span[..end]), exponent + (span.Length - end));
    }

    // digits × 10^scale × 2^power, rounded up to 1n, capped at 2^63-1.
    private static Quantity Binary(int sign, string digits, long scale, int power)
    {
        // 10^19 is above 2^63-1 and the factor is at least 1: such a value is capped without computing it.
        if (digits.Length - 1 + scale >= 19)
        {
            return Capped(sign);
        }

        // The value in units of 1n is digits × 2^power × 10^(scale + 9). Past 60 places below 1n the remaining digits
        // cannot move the result by a whole unit (2^power < 10^19), so they only say whether to round up.
        BigInteger nano;
        var factor = BigInteger.One << power;
        var below = -(scale - NanoExponent);
        if (below <= 0)
        {
            nano = BigInteger.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) * factor * BigInteger.Pow(10, (int)-below);
        }
        else if (below - 60 >= digits.Length)
        {
            // Every digit lies more than 60 places below 1n: a sliver above zero, rounded up to 1n.
            nano = BigInteger.One;
        }
        else
        {
            var dropped = (int)Math.Max(0, below - 60);
            var numerator = BigInteger.Parse(digits.AsSpan(0, digits.Length - dropped), System.Globalization.CultureInfo.InvariantCulture) * factor;
            nano = BigInteger.DivRem(numerator, BigInteger.Pow(10, (int)(below - dropped)), out var remainder);
            if (!remainder.IsZero || dropped > 0)
            {
                nano += 1;
            }
        }

        if (nano > BinaryCapInNano)
        {
            return Capped(sign);
        }

        var text = nano.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var end = text.Length;
        while (end > 0 && text[end - 1] == '0')
        {
            end--;
        }

        return new Quantity(string.Empty, sign, text[..end], NanoExponent + (text.Length - end));
    }

    private static Quantity Capped(int sign) => new(string.Empty, sign, "9223372036854775807", 0);
}
