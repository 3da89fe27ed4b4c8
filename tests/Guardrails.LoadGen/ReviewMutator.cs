using System.Text;
using System.Text.Json;

namespace Guardrails.LoadGen;

/// <summary>
/// Damages a real admission review the ways a hostile or broken client could: bytes flipped anywhere, invalid UTF-8
/// and lone surrogate escapes inside string values and property names (uid, kind, resource, names, the Scale's
/// metadata, ...), values swapped for other JSON types, pieces cut, repeated or truncated. Deterministic for a seed.
/// </summary>
internal sealed class ReviewMutator
{
    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0x80], [0xC3], [0xC0, 0xAF], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    private static readonly string[] Escapes =
    [
        "\\ud800", "\\udfff", "\\ud83d", "\\ud83dx", "\\udc00\\ud800", "\\ud800\\u0041", "\\uDBFF", "\\ud800\\ud800", "\\u0000", "\\ud83d\\ude00",
    ];

    private static readonly string[] Values = ["null", "[]", "{}", "0", "-1", "1e999", "true", "\"\"", "\"\\ud800\"", "[\"\\udfff\"]", "{\"\\ud800\":1}"];

    private readonly Random _random;

    public ReviewMutator(int seed) => _random = new Random(seed);

    /// <summary>One to three mutations of <paramref name="review"/>, and what they were.</summary>
    public (byte[] Body, string Description) Mutate(byte[] review)
    {
        var body = review;
        var steps = new List<string>();
        for (var i = _random.Next(1, 4); i > 0; i--)
        {
            var (next, step) = MutateOnce(body);
            body = next;
            steps.Add(step);
        }

        return (body, string.Join("; ", steps));
    }

    private (byte[] Body, string Step) MutateOnce(byte[] body)
    {
        var strings = StringTokens(body);
        switch (_random.Next(8))
        {
            case 0:
            {
                var at = _random.Next(body.Length);
                var value = (byte)_random.Next(256);
                var copy = (byte[])body.Clone();
                copy[at] = value;
                return (copy, $"byte {at} = 0x{value:x2}");
            }

            case 1 when strings.Count > 0:
            {
                var bytes = InvalidUtf8[_random.Next(InvalidUtf8.Length)];
                var at = InsideString(strings);
                return (Insert(body, at, bytes), $"invalid UTF-8 {Convert.ToHexString(bytes)} at {at}");
            }

            case 2 or 3 when strings.Count > 0:
            {
                var escape = Escapes[_random.Next(Escapes.Length)];
                var at = InsideString(strings);
                return (Insert(body, at, Encoding.ASCII.GetBytes(escape)), $"escape {escape} at {at}");
            }

            case 4 when strings.Count > 0:
            {
                var (start, length) = strings[_random.Next(strings.Count)];
                var value = Values[_random.Next(Values.Length)];
                return (Replace(body, start, length, Encoding.ASCII.GetBytes(value)), $"token at {start} = {value}");
            }

            case 5:
            {
                var at = _random.Next(body.Length);
                return (body[..at], $"truncated at {at}");
            }

            case 6:
            {
                var start = _random.Next(body.Length);
                var length = Math.Min(body.Length - start, _random.Next(1, 64));
                return (Replace(body, start, length, []), $"deleted {length} at {start}");
            }

            default:
            {
                var start = _random.Next(body.Length);
                var length = Math.Min(body.Length - start, _random.Next(1, 256));
                return (Insert(body, start, body.AsSpan(start, length).ToArray()), $"repeated {length} at {start}");
            }
        }
    }

    // A position between the quotes of a string value or property name.
    private int InsideString(List<(int Start, int Length)> strings)
    {
        var (start, length) = strings[_random.Next(strings.Count)];
        return start + 1 + _random.Next(length - 1);
    }

    // Every string value and property name, quotes included, while the body still reads as JSON (mutations compound).
    private static List<(int Start, int Length)> StringTokens(byte[] body)
    {
        var tokens = new List<(int, int)>();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    var start = (int)reader.TokenStartIndex;
                    var end = start + 1 + reader.ValueSpan.Length + 1;
                    tokens.Add((start, end - start));
                }
            }
        }
        catch (JsonException)
        {
            // What was read so far is enough to aim at.
        }

        return tokens;
    }

    private static byte[] Insert(byte[] body, int at, ReadOnlySpan<byte> bytes) => Replace(body, at, 0, bytes);

    private static byte[] Replace(byte[] body, int start, int length, ReadOnlySpan<byte> bytes)
    {
        var result = new byte[body.Length - length + bytes.Length];
        body.AsSpan(0, start).CopyTo(result);
        bytes.CopyTo(result.AsSpan(start));
        body.AsSpan(start + length).CopyTo(result.AsSpan(start + bytes.Length));
        return result;
    }
}
