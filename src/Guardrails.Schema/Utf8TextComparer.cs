namespace Guardrails.Schema;

/// <summary>
/// Compares UTF-8 texts by their bytes, and lets a dictionary keyed by them be asked with a span (no array per lookup).
/// The hash is seeded per process (<see cref="HashCode"/>), so texts chosen to collide cannot slow a lookup down.
/// </summary>
internal sealed class Utf8TextComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly Utf8TextComparer Instance = new();

    private Utf8TextComparer()
    {
    }

    public bool Equals(byte[]? x, byte[]? y) => x is null || y is null ? ReferenceEquals(x, y) : x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    private static int Hash(ReadOnlySpan<byte> text)
    {
        var hash = default(HashCode);
        hash.AddBytes(text);
        return hash.ToHashCode();
    }
}
