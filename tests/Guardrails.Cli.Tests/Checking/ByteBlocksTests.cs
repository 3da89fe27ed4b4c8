using Guardrails.Cli.Checking;

namespace Guardrails.Cli.Tests.Checking;

/// <summary>Standard input kept in blocks reads back byte for byte, across block edges, from any position.</summary>
public sealed class ByteBlocksTests
{
    private const int Block = ByteBlocks.BlockSize;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Block - 1)]
    [InlineData(Block)]
    [InlineData(Block + 1)]
    [InlineData((3 * Block) + (Block / 2))]
    public void Bytes_read_in_pieces_of_any_size_read_back_the_same(int length)
    {
        var source = RandomBytes(length, seed: length);

        var bytes = ByteBlocks.ReadAll(new TrickleStream(source, seed: 7), maxBytes: long.MaxValue)!;

        bytes.Length.Should().Be(length);
        bytes.ToArray().Should().Equal(source);
        using var stream = bytes.Open();
        var random = new Random(11);
        var copy = new MemoryStream();
        var buffer = new byte[Block + 17];
        int read;
        while ((read = stream.Read(buffer, 0, random.Next(1, buffer.Length))) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        copy.ToArray().Should().Equal(source);
    }

    [Fact]
    public void Every_stream_has_its_own_position_and_seeks_across_blocks()
    {
        var source = RandomBytes((2 * Block) + 100, seed: 3);
        var bytes = ByteBlocks.ReadAll(new MemoryStream(source), maxBytes: long.MaxValue)!;
        using var first = bytes.Open();
        using var second = bytes.Open();

        first.Position = Block - 2;
        var across = new byte[5];
        first.ReadExactly(across);
        second.Seek(-3, SeekOrigin.End);
        var end = new byte[10];

        across.Should().Equal(source[(Block - 2)..(Block + 3)]);
        second.Read(end).Should().Be(3);
        end[..3].Should().Equal(source[^3..]);
        second.Read(end).Should().Be(0, "at the end");
        first.Position.Should().Be(Block + 3);
    }

    [Fact]
    public void More_than_the_limit_is_refused()
    {
        var source = RandomBytes(Block + 10, seed: 5);

        ByteBlocks.ReadAll(new MemoryStream(source), maxBytes: Block + 9).Should().BeNull();
        ByteBlocks.ReadAll(new MemoryStream(source), maxBytes: Block + 10)!.Length.Should().Be(Block + 10);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    // A pipe: each read returns some of what was asked for.
    private sealed class TrickleStream(byte[] source, int seed) : MemoryStream(source)
    {
        private readonly Random _random = new(seed);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _random.Next(1, 200_000)));
    }
}
