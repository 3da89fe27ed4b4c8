using System.Diagnostics;
using System.Text;
using Guardrails.Cli.Commands;
using Guardrails.Cli.Reporting;
using Guardrails.Cli.Tests.Reporting;
using Guardrails.Engine.Format;

namespace Guardrails.Cli.Tests.Checking;

/// <summary>
/// The text report is written as the check goes (issue 15, point 7): an input's objects reach the output while the
/// rest of the input is still unread, and the bytes are the same as the report written from the whole run's model.
/// </summary>
public sealed class StreamedTextReportTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_first_objects_of_a_large_input_are_written_before_its_end_is_read()
    {
        // Far more parts than the check reads ahead of what it has written (two parts per core in flight): when the first
        // lines reach the output, the end of the file has not been read yet, so a change made to it then must show.
        var minimumChars = Math.Max(2L * 1024 * 1024, (Environment.ProcessorCount * 2L + 8) * 128 * 1024);
        var text = new StringBuilder();
        var count = 0;
        while (text.Length < minimumChars)
        {
            text.Append(Deployment($"web-{count++:D6}")).Append("---\n");
        }

        var tailName = "last-aaaaaaaa";
        var tailOffset = Encoding.UTF8.GetByteCount(text.ToString()) + Deployment(tailName).IndexOf(tailName, StringComparison.Ordinal);
        text.Append(Deployment(tailName));
        var file = Path.Combine(_temp.Path, "large.yaml");
        File.WriteAllText(file, text.ToString());

        using var output = new GatedStream();
        var errors = new StringWriter();
        var run = Task.Factory.StartNew(() => CheckCommand.Run(Options([file]), () => Stream.Null, () => output, errors, TextStyle.Plain), TaskCreationOptions.LongRunning);

        await output.FirstWrite.WaitAsync(Patience);
        output.Text.Should().StartWith($"{file}\n  Deployment shop/web-000000 (line 1): denied\n");
        run.IsCompleted.Should().BeFalse();
        using (var tail = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            tail.Position = tailOffset;
            tail.Write("last-zzzzzzzz"u8);
        }

        output.Release();
        var exitCode = await run.WaitAsync(Patience);

        errors.ToString().Should().BeEmpty();
        exitCode.Should().Be(ExitCodes.Violations);
        output.Text.Should().Contain("  Deployment shop/last-zzzzzzzz (line ", "the end of the input was read after the first objects were written")
            .And.NotContain("last-aaaaaaaa")
            .And.Contain($"\nFAIL {count + 1} objects in 1 file: {count + 1} denied, 0 warned, 0 passed; ");
    }

    [Fact]
    public void Skipped_documents_and_errors_of_a_large_input_follow_all_its_objects_as_when_written_whole()
    {
        // Skipped and broken documents in every part of an input read in parts.
        var text = new StringBuilder();
        for (var i = 0; text.Length < 1024 * 1024; i++)
        {
            text.Append(i % 50 == 7 ? "just a string\n" : i % 97 == 3 ? "foo: [unclosed\n" : Deployment($"web-{i:D6}")).Append("---\n");
        }

        File.WriteAllText(Path.Combine(_temp.Path, "large.yaml"), text.ToString());
        File.WriteAllText(Path.Combine(_temp.Path, "small.yaml"), ReportFixture.Mixed);

        var (streamed, model) = BothWays([Path.Combine(_temp.Path, "large.yaml"), Path.Combine(_temp.Path, "small.yaml"), Path.Combine(_temp.Path, "missing.yaml")]);

        streamed.Should().Be(model);
        var lines = streamed.Split('\n');
        lines[0].Should().StartWith(Path.Combine(_temp.Path, "missing.yaml") + ": error: ");
        var lastObject = Array.FindLastIndex(lines, l => l.StartsWith("  Deployment ", StringComparison.Ordinal));
        var firstSkipped = Array.FindIndex(lines, l => l.Contains(": skipped: ", StringComparison.Ordinal));
        lastObject.Should().BeLessThan(firstSkipped, "the skipped documents of every part come after the input's objects");
        lines.Count(l => l.Contains("large.yaml:", StringComparison.Ordinal) && l.Contains(": error: invalid YAML", StringComparison.Ordinal)).Should().BeGreaterThan(10);
    }

    [Fact]
    public void A_large_input_with_invalid_utf8_late_in_it_is_read_whole_and_only_the_broken_document_is_lost()
    {
        // The first pass finds the broken bytes, so the second reads the input whole (each broken line placed in its
        // document) instead of reporting parts it would then have to take back.
        var before = new StringBuilder();
        var copies = 0;
        while (before.Length < 900 * 1024)
        {
            before.Append(Deployment($"web-{copies++:D6}")).Append("---\n");
        }

        var brokenLine = before.ToString().Count(c => c == '\n') + 4;
        var bytes = Encoding.UTF8.GetBytes(before + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad}\ndata: {k: \"")
            .Concat(new byte[] { 0xC3, 0x28 })
            .Concat(Encoding.UTF8.GetBytes("\"}\n---\n" + Deployment("after")))
            .ToArray();
        var file = Path.Combine(_temp.Path, "large.yaml");
        File.WriteAllBytes(file, bytes);

        var (streamed, model) = BothWays([file]);

        streamed.Should().Be(model);
        streamed.Should().Contain($"  {file}:{brokenLine}:1: error: the text is not valid UTF-8 (binary data?)\n")
            .And.Contain("  Deployment shop/after (line ")
            .And.Contain($"\nERROR {copies + 1} objects in 1 file: {copies + 1} denied, ")
            .And.NotContain("changed while");
    }

    [Fact]
    public void When_nothing_is_found_the_problem_still_comes_before_the_skipped_paths_and_documents()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_temp.Path, "charts")).FullName;
        File.WriteAllText(Path.Combine(folder, "a.yaml"), "just a string\n---\nname: no-kind\n");
        File.WriteAllText(Path.Combine(folder, "b.yaml"), "# helm rendered nothing\n");
        Mkfifo(Path.Combine(folder, "pipe.yaml"));

        var (streamed, model) = BothWays([folder]);

        streamed.Should().Be(model);
        streamed.Should().Be(
            $"{folder}: error: no Kubernetes objects were found (nothing with apiVersion and kind)\n"
            + $"{folder}/pipe.yaml: skipped: a FIFO (named pipe), not a file: not read\n"
            + $"{folder}/a.yaml\n"
            + $"  {folder}/a.yaml:1:1: skipped: not a Kubernetes object: the document is a string\n"
            + $"  {folder}/a.yaml:3:1: skipped: not a Kubernetes object: it has no apiVersion and kind\n"
            + $"ERROR 0 objects in 2 files: 0 denied, 0 warned, 0 passed; 0 violations (0 deny, 0 warn, 0 audit); 2 documents skipped; 1 path skipped; 1 input error; policies built-in @ {Revision}\n");
    }

    [Fact]
    public void A_text_report_to_a_file_and_to_standard_output_are_written_together()
    {
        File.WriteAllText(Path.Combine(_temp.Path, "bad.yaml"), ReportFixture.Bad);
        var reportFile = Path.Combine(_temp.Path, "report.txt");
        using var output = new MemoryStream();

        var exitCode = CheckCommand.Run(Options([Path.Combine(_temp.Path, "bad.yaml")], ["text"], [reportFile]), () => Stream.Null, () => output, TextWriter.Null, new TextStyle(true));

        exitCode.Should().Be(ExitCodes.Violations);
        var plain = File.ReadAllText(reportFile);
        plain.Should().Contain("  Deployment shop/web (line 1): denied\n").And.NotContain("\u001b[");
        Encoding.UTF8.GetString(output.ToArray()).Should().Contain("\u001b[31mdenied\u001b[0m", "standard output keeps its colours")
            .And.Contain("\u001b[31mFAIL\u001b[0m 1 object in 1 file");
    }

    [Fact]
    public void A_report_file_that_cannot_be_written_is_an_error_before_anything_is_judged()
    {
        File.WriteAllText(Path.Combine(_temp.Path, "bad.yaml"), ReportFixture.Bad);
        var errors = new StringWriter();
        using var output = new MemoryStream();

        var exitCode = CheckCommand.Run(Options([Path.Combine(_temp.Path, "bad.yaml")], ["text"], [Path.Combine(_temp.Path, "no-such-folder", "report.txt")]), () => Stream.Null, () => output, errors, TextStyle.Plain);

        exitCode.Should().Be(ExitCodes.InputError);
        errors.ToString().Should().StartWith($"error: cannot write {Path.Combine(_temp.Path, "no-such-folder", "report.txt")}: ");
    }

    [Fact]
    public void An_output_that_fails_half_way_is_an_error_and_the_check_still_ends()
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < 1024 * 1024; i++)
        {
            text.Append(Deployment($"web-{i:D6}")).Append("---\n");
        }

        File.WriteAllText(Path.Combine(_temp.Path, "large.yaml"), text.ToString());
        File.WriteAllText(Path.Combine(_temp.Path, "small.yaml"), ReportFixture.Bad);
        var errors = new StringWriter();
        using var output = new FailingStream(bytesBeforeFailure: 64 * 1024);

        var exitCode = CheckCommand.Run(Options([Path.Combine(_temp.Path, "large.yaml"), Path.Combine(_temp.Path, "small.yaml")]), () => Stream.Null, () => output, errors, TextStyle.Plain);

        exitCode.Should().Be(ExitCodes.InputError);
        errors.ToString().Should().Be("error: cannot write standard output: Broken pipe\n");
    }

    private static string Revision { get; } = Guardrails.Cli.PolicySets.PolicySelection.Load([], null).Policies!.Revision;

    private static string Deployment(string name) => ReportFixture.Bad.Replace("name: web", $"name: {name}", StringComparison.Ordinal);

    private static CheckCommandOptions Options(IReadOnlyList<string> paths, IReadOnlyList<string>? formats = null, IReadOnlyList<string>? outputs = null) =>
        new(new JudgingSettings(paths, [], null, "default", [], false, PolicyAction.Deny), formats ?? [], outputs ?? []);

    // The report to standard output written as the check goes, and the one the whole-run model's writer writes.
    private static (string Streamed, string Model) BothWays(IReadOnlyList<string> paths)
    {
        using var streamed = new MemoryStream();
        var streamedExit = CheckCommand.Run(Options(paths), () => Stream.Null, () => streamed, TextWriter.Null, TextStyle.Plain);
        var report = ReportFixture.Check(paths);
        using var model = new MemoryStream();
        ReportWriters.Write(report, ReportFormat.Text, model, TextStyle.Plain);
        streamedExit.Should().Be(report.Summary.ExitCode);
        return (Encoding.UTF8.GetString(streamed.ToArray()), Encoding.UTF8.GetString(model.ToArray()));
    }

    private static void Mkfifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.Should().Be(0);
    }

    // Standard output whose first write blocks until the test releases it.
    private sealed class GatedStream : MemoryStream
    {
        private readonly ManualResetEventSlim _released = new();
        private readonly object _gate = new();

        private readonly TaskCompletionSource _firstWrite = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstWrite => _firstWrite.Task;

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return Encoding.UTF8.GetString(ToArray());
                }
            }
        }

        public void Release() => _released.Set();

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                base.Write(buffer, offset, count);
            }

            _firstWrite.TrySetResult();
            _released.Wait(Patience);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _released.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    // Standard output closed by its reader after some bytes (`guardrails check | head`).
    private sealed class FailingStream(int bytesBeforeFailure) : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > bytesBeforeFailure)
            {
                throw new IOException("Broken pipe");
            }

            base.Write(buffer, offset, count);
        }
    }
}
