using System.Globalization;
using System.Text.Json;

namespace Guardrails.Yaml;

/// <summary>
/// Maps RFC 6901 JSON Pointers of a parsed document to where they stand in the source text.
/// </summary>
/// <remarks>
/// The positions are kept in document order (the order in which a walk of the JSON meets its values), and a pointer is
/// resolved by walking the document when asked. A string per value would cost more than the rest of the parse, and
/// most objects never need a position beyond their own start.
/// </remarks>
public sealed class SourceMap
{
    private readonly JsonElement _root;
    private readonly SourcePosition[] _positions;

    internal SourceMap(JsonElement root, SourcePosition[] positions)
    {
        _root = root;
        _positions = positions;
    }

    /// <summary>A map that knows no positions, for objects that did not come from text.</summary>
    public static SourceMap Empty { get; } = new(default, []);

    /// <summary>The position of <paramref name="pointer"/> when it exists in the source.</summary>
    public bool TryGetExact(string pointer, out SourcePosition position)
    {
        var (index, complete) = Resolve(pointer);
        position = index >= 0 ? _positions[index] : default;
        return index >= 0 && complete;
    }

    /// <summary>
    /// The position of <paramref name="pointer"/>, or of its nearest parent that exists in the source
    /// (a missing <c>resources</c> points at its container); <c>null</c> when nothing is known.
    /// </summary>
    public SourcePosition? Find(string pointer)
    {
        var (index, _) = Resolve(pointer);
        return index >= 0 ? _positions[index] : null;
    }

    // The document-order index of the deepest value on the pointer's path, and whether that value is the pointer's own.
    private (int Index, bool Complete) Resolve(string pointer)
    {
        if (_positions.Length == 0)
        {
            return (-1, false);
        }

        var element = _root;
        var index = 0;
        var rest = pointer.AsSpan();
        while (rest.Length > 0)
        {
            if (rest[0] != '/')
            {
                return (index, false);
            }

            rest = rest[1..];
            var end = rest.IndexOf('/');
            var segment = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[end..];
            if (!TryStep(ref element, ref index, segment))
            {
                return (index, false);
            }
        }

        return (index, true);
    }

    private static bool TryStep(ref JsonElement element, ref int index, ReadOnlySpan<char> segment)
    {
        var next = index + 1;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var name = segment.Contains('~') ? segment.ToString().Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal) : segment;
                foreach (var member in element.EnumerateObject())
                {
                    if (member.NameEquals(name))
                    {
                        (element, index) = (member.Value, next);
                        return true;
                    }

                    next += Count(member.Value);
                }

                return false;
            case JsonValueKind.Array:
                if (!IsArrayIndex(segment, out var wanted) || wanted >= element.GetArrayLength())
                {
                    return false;
                }

                var position = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (position++ == wanted)
                    {
                        (element, index) = (item, next);
                        return true;
                    }

                    next += Count(item);
                }

                return false;
            default:
                return false;
        }
    }

    // Values in the subtree, itself included: the documents are bounded in depth when read, so recursion is safe.
    private static int Count(JsonElement element)
    {
        var count = 1;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    count += Count(member.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    count += Count(item);
                }

                break;
        }

        return count;
    }

    // RFC 6901: "0" or a decimal without leading zeros.
    private static bool IsArrayIndex(ReadOnlySpan<char> segment, out int index)
    {
        index = -1;
        return segment.Length > 0 && (segment.Length == 1 || segment[0] != '0') && segment.IndexOfAnyExceptInRange('0', '9') < 0
            && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}
