using Guardrails.Cli.Spooling;

namespace Guardrails.Cli.Tests.Spooling;

/// <summary>A spool is private to its owner, leaves nothing behind, and reads back what was written.</summary>
public sealed class TempSpoolTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_spool_has_no_name_once_made_and_only_its_owner_may_read_it()
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows deletes the file when its handle closes instead.
            return;
        }

        using var spool = TempSpool.Create(_temp.Path);

        Directory.GetFileSystemEntries(_temp.Path).Should().BeEmpty("the file is unlinked as soon as it is made");
        File.GetUnixFileMode(spool.Handle).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void What_is_written_reads_back_from_several_readers_each_at_its_own_position()
    {
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        using var spool = TempSpool.Create(_temp.Path);
        spool.Write(bytes.AsSpan(0, 100_000));
        spool.Write(bytes.AsSpan(100_000));
        spool.Flush();

        using var first = spool.OpenRead();
        using var second = spool.OpenRead();
        var head = new byte[1000];
        first.ReadExactly(head);
        using var copy = new MemoryStream();
        second.CopyTo(copy);
        var rest = new MemoryStream();
        first.CopyTo(rest);

        spool.Length.Should().Be(bytes.Length);
        copy.ToArray().Should().Equal(bytes);
        head.Concat(rest.ToArray()).Should().Equal(bytes);
    }

    [Fact]
    public void Cleared_spools_fill_again_from_the_start()
    {
        using var spool = TempSpool.Create(_temp.Path);
        spool.Write("first"u8);
        spool.Clear();
        spool.Write("second"u8);
        using var output = new MemoryStream();

        spool.CopyTo(output);

        output.ToArray().Should().Equal("second"u8.ToArray());
    }

    [Fact]
    public void A_full_disk_is_one_line_that_names_the_folder()
    {
        // /dev/full answers every write with ENOSPC, as a full disk does.
        using var spool = FullDisk.Spool();
        spool.Write(new byte[100]);

        var flush = () => spool.Flush();

        flush.Should().Throw<SpoolException>().WithMessage($"cannot write a temporary file in {FullDisk.Folder}: No space left on device*")
            .Which.Message.Should().NotContain("\n");
    }

    [Fact]
    public void A_folder_that_cannot_hold_a_spool_is_a_spool_error()
    {
        var create = () => TempSpool.Create(Path.Combine(_temp.Path, "missing"));

        create.Should().Throw<SpoolException>().WithMessage($"cannot write a temporary file in {Path.Combine(_temp.Path, "missing")}: *");
    }
}
