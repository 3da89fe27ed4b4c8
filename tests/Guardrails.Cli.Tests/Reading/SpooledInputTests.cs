using System.Text;
using Guardrails.Cli.Checking;
using Guardrails.Cli.PolicySets;
using Guardrails.Cli.Reading;
using Guardrails.Cli.Reporting;
using Guardrails.Cli.Spooling;
using Guardrails.Cli.Tests.Reporting;
using Guardrails.Cli.Tests.Spooling;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;

namespace Guardrails.Cli.Tests.Reading;

/// <summary>
/// Standard input is kept in memory up to 1 MiB and beyond that in a temporary file (issue 15, point 7), which reads back
/// byte for byte, is read twice like a file, and is gone after the check.
/// </summary>
public sealed class SpooledInputTests : IDisposable
{
    private const int Limit = SpooledInput.MemoryBytes;

    private readonly TempFolder _spools = new();
    private int _spoolsMade;

    public void Dispose() => _spools.Dispose();

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(Limit, false)]
    [InlineData(Limit + 1, true)]
    [InlineData((3 * Limit) + (Limit / 2), true)]
    public void Bytes_read_in_pieces_of_any_size_read_back_the_same_from_memory_or_the_spool(int length, bool spooled)
    {
        var source = RandomBytes(length, seed: length);

        using var bytes = SpooledInput.ReadAll(new TrickleStream(source, seed: 7), maxBytes: long.MaxValue, Spool)!;

        bytes.Length.Should().Be(length);
        bytes.Spooled.Should().Be(spooled);
        _spoolsMade.Should().Be(spooled ? 1 : 0);
        bytes.ToArray().Should().Equal(source);
        using var stream = bytes.Open();
        var random = new Random(11);
        var copy = new MemoryStream();
        var buffer = new byte[Limit + 17];
        int read;
        while ((read = stream.Read(buffer, 0, random.Next(1, buffer.Length))) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        copy.ToArray().Should().Equal(source);
    }

    [Fact]
    public void Every_stream_has_its_own_position_and_seeks()
    {
        var source = RandomBytes((2 * Limit) + 100, seed: 3);
        using var bytes = SpooledInput.ReadAll(new MemoryStream(source), maxBytes: long.MaxValue, Spool)!;
        using var first = bytes.Open();
        using var second = bytes.Open();

        first.Position = Limit - 2;
        var across = new byte[5];
        first.ReadExactly(across);
        second.Seek(-3, SeekOrigin.End);
        var end = new byte[10];

        across.Should().Equal(source[(Limit - 2)..(Limit + 3)]);
        second.Read(end).Should().Be(3);
        end[..3].Should().Equal(source[^3..]);
        second.Read(end).Should().Be(0, "at the end");
        first.Position.Should().Be(Limit + 3);
    }

    [Fact]
    public void More_than_the_limit_is_refused_and_its_spool_deleted()
    {
        var source = RandomBytes(Limit + 10, seed: 5);

        SpooledInput.ReadAll(new MemoryStream(source), maxBytes: Limit + 9, Spool).Should().BeNull();
        using (var bytes = SpooledInput.ReadAll(new MemoryStream(source), maxBytes: Limit + 10, Spool)!)
        {
            bytes.Length.Should().Be(Limit + 10);
        }

        _spoolsMade.Should().Be(2);
        Directory.GetFileSystemEntries(_spools.Path).Should().BeEmpty();
    }

    [Fact]
    public void A_large_standard_input_is_spooled_read_twice_and_its_spool_is_gone_after_the_check()
    {
        // The Namespace object comes last: its labels reach the objects before it only through the first of two reads.
        var text = new StringBuilder();
        for (var i = 0; text.Length < 2 * Limit; i++)
        {
            text.Append(ReportFixture.Bad.Replace("name: web", $"name: web-{i:D5}", StringComparison.Ordinal)).Append("---\n");
        }

        text.Append("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {team: shop}\n");
        var report = Check(text.ToString(), Spool);

        _spoolsMade.Should().Be(1);
        Directory.GetFileSystemEntries(_spools.Path).Should().BeEmpty();
        report.AllProblems.Should().BeEmpty();
        report.Objects.Should().HaveCount(text.ToString().Split("kind: ").Length - 1);
        report.Namespaces.Should().ContainSingle(n => n.Name == "shop").Which.Source.Should().Be(NamespaceLabelSource.Input);
    }

    [Fact]
    public void A_small_standard_input_never_touches_the_disk()
    {
        var report = Check(ReportFixture.Bad, Spool);

        _spoolsMade.Should().Be(0);
        report.Objects.Should().ContainSingle();
    }

    [Fact]
    public void A_full_disk_is_an_input_error_of_standard_input_in_one_line()
    {
        var text = string.Concat(Enumerable.Repeat(ReportFixture.Bad + "---\n", (2 * Limit / ReportFixture.Bad.Length) + 1));

        var report = Check(text, FullDisk.Spool);

        report.Summary.ExitCode.Should().Be(ExitCodes.InputError);
        report.AllProblems.Should().ContainSingle().Which.Should().Be(new InputProblem(
            InputSource.StandardInputName, 0, 0, $"cannot keep standard input to read it twice: cannot write a temporary file in {FullDisk.Folder}: No space left on device"));
    }

    private TempSpool Spool()
    {
        _spoolsMade++;
        return TempSpool.Create(_spools.Path);
    }

    private static CheckReport Check(string standardInput, Func<TempSpool> spools)
    {
        var (policies, exemptions, _) = PolicySelection.Load([], null);
        var runner = new CheckRunner(new PolicyEngine(policies!, exemptions), PolicySelection.BuiltIn, () => new MemoryStream(Encoding.UTF8.GetBytes(standardInput)), spools);
        return runner.Run(new CheckRequest(["-"], "default", new Dictionary<string, Dictionary<string, string>>(), false, PolicyAction.Deny));
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
