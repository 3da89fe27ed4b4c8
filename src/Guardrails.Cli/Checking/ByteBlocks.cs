namespace Guardrails.Cli.Checking;

/// <summary>
/// The bytes of a stream that cannot be read twice (standard input), kept in blocks of one size: growing them copies
/// nothing and needs no array as large as the whole, so they cost their own size and no more (a growing buffer costs up
/// to twice that, and three times while it is copied out).
/// </summary>
internal sealed class ByteBlocks
{
    /// <summary>The size of each block but the last.</summary>
    public const int BlockSize = 1024 * 1024;

    private readonly List<byte[]> _blocks = [];

    private ByteBlocks()
    {
    }

    /// <summary>How many bytes there are.</summary>
    public long Length { get; private set; }

    /// <summary>Reads <paramref name="stream"/> to its end; null as soon as it holds more than <paramref name="maxBytes"/>.</summary>
    public static ByteBlocks? ReadAll(Stream stream, long maxBytes)
    {
        var bytes = new ByteBlocks();
        while (true)
        {
            var at = (int)(bytes.Length % BlockSize);
            if (at == 0 && bytes.Length == (long)bytes._blocks.Count * BlockSize)
            {
                bytes._blocks.Add(new byte[BlockSize]);
            }

            var read = stream.Read(bytes._blocks[^1], at, BlockSize - at);
            if (read == 0)
            {
                return bytes;
            }

            bytes.Length += read;
            if (bytes.Length > maxBytes)
            {
                return null;
            }
        }
    }

    /// <summary>A read-only, seekable stream over the bytes; each caller gets its own position.</summary>
    public Stream Open() => new BlockStream(this);

    /// <summary>The bytes in one array (for inputs read whole: small ones, and those that are not UTF-8).</summary>
    public byte[] ToArray()
    {
        var array = new byte[Length];
        using var stream = Open();
        stream.ReadExactly(array);
        return array;
    }

    private sealed class BlockStream(ByteBlocks bytes) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "a position cannot be negative");
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var total = 0;
            while (!buffer.IsEmpty && _position < bytes.Length)
            {
                var block = bytes._blocks[(int)(_position / BlockSize)];
                var at = (int)(_position % BlockSize);
                var count = (int)Math.Min(Math.Min(buffer.Length, BlockSize - at), bytes.Length - _position);
                block.AsSpan(at, count).CopyTo(buffer);
                buffer = buffer[count..];
                _position += count;
                total += count;
            }

            return total;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => bytes.Length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException("the bytes are read-only");

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("the bytes are read-only");
    }
}
