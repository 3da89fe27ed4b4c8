namespace Guardrails.Engine.Documents;

/// <summary>
/// Maps RFC 6901 JSON Pointers of a parsed document to where they stand in the source text.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, SourcePosition> _positions;

    internal SourceMap(Dictionary<string, SourcePosition> positions) => _positions = positions;

    /// <summary>A map that knows no positions, for objects that did not come from text.</summary>
    public static SourceMap Empty { get; } = new([]);

    /// <summary>The position of <paramref name="pointer"/> when it exists in the source.</summary>
    public bool TryGetExact(string pointer, out SourcePosition position) => _positions.TryGetValue(pointer, out position);

    /// <summary>
    /// The position of <paramref name="pointer"/>, or of its nearest parent that exists in the source
    /// (a missing <c>resources</c> points at its container); <c>null</c> when nothing is known.
    /// </summary>
    public SourcePosition? Find(string pointer)
    {
        var current = pointer;
        while (true)
        {
            if (_positions.TryGetValue(current, out var position))
            {
                return position;
            }

            if (current.Length == 0)
            {
                return null;
            }

            var slash = current.LastIndexOf('/');
            current = slash <= 0 ? string.Empty : current[..slash];
        }
    }
}
