using System.Buffers;
using System.Text;

namespace Guardrails.Engine.Loading;

/// <summary>
/// A few ASCII literals searched for in UTF-8 text in one pass: the text is scanned for their first letters, and only
/// there compared with the literals, byte by byte (they are short, and most candidates differ in the second byte). With
/// <c>ignoreCase</c>, ASCII letters match in either case. Thread-safe.
/// </summary>
internal sealed class Literals
{
    // The literals by their first byte (lower case with ignoreCase): a candidate is compared only with those it can start.
    private readonly byte[][][] _byFirstByte = new byte[128][][];
    private readonly SearchValues<byte> _firstBytes;

    // The same first bytes as a table (either case with ignoreCase), for short texts: a byte at a time costs less there
    // than a vectorised search started again after every candidate.
    private readonly bool[] _isFirstByte = new bool[256];
    private readonly bool _ignoreCase;

    public Literals(string[] literals, bool ignoreCase)
    {
        Array.Fill(_byFirstByte, []);
        foreach (var literal in literals)
        {
            var bytes = Encoding.ASCII.GetBytes(ignoreCase ? literal.ToLowerInvariant() : literal);
            _byFirstByte[bytes[0]] = [.. _byFirstByte[bytes[0]], bytes];
        }

        _ignoreCase = ignoreCase;
        var firsts = literals.Select(literal => literal[0]);
        byte[] firstBytes = [.. (ignoreCase ? firsts.SelectMany(c => new[] { char.ToUpperInvariant(c), char.ToLowerInvariant(c) }) : firsts).Distinct().Select(c => (byte)c)];
        _firstBytes = SearchValues.Create(firstBytes);
        foreach (var first in firstBytes)
        {
            _isFirstByte[first] = true;
        }
    }

    /// <summary>The longest text scanned a byte at a time; longer ones are searched vectorised.</summary>
    internal const int ShortText = 48;

    /// <summary>Whether <paramref name="utf8"/> holds one of the literals.</summary>
    public bool FoundIn(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length <= ShortText)
        {
            for (var at = 0; at < utf8.Length; at++)
            {
                if (_isFirstByte[utf8[at]] && StartsWithOne(utf8[at..]))
                {
                    return true;
                }
            }

            return false;
        }

        var offset = 0;
        while (offset < utf8.Length)
        {
            var found = utf8[offset..].IndexOfAny(_firstBytes);
            if (found < 0)
            {
                return false;
            }

            offset += found;
            if (StartsWithOne(utf8[offset..]))
            {
                return true;
            }

            offset++;
        }

        return false;
    }

    private bool StartsWithOne(ReadOnlySpan<byte> text)
    {
        // The scan stops only at a literal's first byte, which is ASCII.
        foreach (var literal in _byFirstByte[Folded(text[0])])
        {
            if (StartsWith(text, literal))
            {
                return true;
            }
        }

        return false;
    }

    private bool StartsWith(ReadOnlySpan<byte> text, byte[] literal)
    {
        if (text.Length < literal.Length)
        {
            return false;
        }

        for (var i = 1; i < literal.Length; i++)
        {
            if (Folded(text[i]) != literal[i])
            {
                return false;
            }
        }

        return true;
    }

    // With ignoreCase the literals are held in lower case, and an ASCII upper-case letter of the text is compared as its lower case.
    private byte Folded(byte b) => _ignoreCase && b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
}
