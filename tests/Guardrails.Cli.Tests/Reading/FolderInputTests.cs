using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;

namespace Guardrails.Cli.Tests.Reading;

/// <summary>
/// Folders that hold traps, through the real executable: links back up the tree, FIFOs and sockets named like
/// manifests, and file and object names that try to write report lines of their own.
/// </summary>
public sealed class FolderInputTests : IDisposable
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: once, namespace: default}
        spec:
          replicas: 2
          selector: {matchLabels: {app: once}}
          template:
            metadata: {labels: {app: once}}
            spec:
              containers:
              - {name: app, image: "registry.example.com/app:1.0.0"}

        """;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Two_links_back_up_the_tree_judge_each_manifest_once_and_say_what_was_skipped()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_temp.Path, "m")).FullName;
        File.WriteAllText(Path.Combine(folder, "app.yaml"), Deployment);
        Directory.CreateSymbolicLink(Path.Combine(folder, "up1"), "..");
        Directory.CreateSymbolicLink(Path.Combine(folder, "up2"), "..");

        var (exitCode, output, errors) = GuardrailsProcess.Run(_temp.Path, "check", ".", "--format", "json");

        using var report = JsonDocument.Parse(output);
        report.RootElement.GetProperty("summary").GetProperty("objects").GetInt32().Should().Be(1, "the manifest is judged once, not once per way round the loop");
        report.RootElement.GetProperty("skippedPaths").EnumerateArray().Select(s => s.GetProperty("path").GetString() + ": " + s.GetProperty("reason").GetString())
            .Should().Equal("m/up1: a link to ., a folder already walked: not walked again", "m/up2: a link to ., a folder already walked: not walked again");
        errors.Should().Be("warning: skipped m/up1: a link to ., a folder already walked: not walked again\nwarning: skipped m/up2: a link to ., a folder already walked: not walked again\n");
        exitCode.Should().Be(1, "the deployment has findings, and a skipped link is no error");
    }

    [Fact]
    public void A_fifo_in_a_folder_is_skipped_and_a_fifo_named_as_an_argument_is_an_error()
    {
        File.WriteAllText(Path.Combine(_temp.Path, "app.yaml"), Deployment);
        Mkfifo(Path.Combine(_temp.Path, "pipe.yaml"));

        var (folderExit, folderOutput, folderErrors) = GuardrailsProcess.Run(_temp.Path, "check", ".");
        var (namedExit, namedOutput, _) = GuardrailsProcess.Run(_temp.Path, "check", "pipe.yaml", "app.yaml");

        folderOutput.Should().StartWith("pipe.yaml: skipped: a FIFO (named pipe), not a file: not read\n").And.Contain("Deployment default/once");
        folderOutput.Should().MatchRegex(@"\nFAIL 1 object in 1 file: .*; 1 path skipped; policies built-in @ ");
        folderErrors.Should().Be("warning: skipped pipe.yaml: a FIFO (named pipe), not a file: not read\n");
        folderExit.Should().Be(1);
        namedOutput.Should().StartWith("pipe.yaml: error: is a FIFO (named pipe), not a file: name files or folders, or pipe the manifests into 'guardrails check -'\n");
        namedExit.Should().Be(2);
    }

    [Fact]
    public void A_file_name_with_a_newline_and_escape_codes_cannot_forge_a_report_line()
    {
        var forged = "x.yaml\nPASS 0 objects in 0 files\u001b[2K\u202e.yaml";
        File.WriteAllText(Path.Combine(_temp.Path, forged), Deployment.Replace("name: once", "name: \"once\\e[31m\\u2028\\x85\"", StringComparison.Ordinal)
            .Replace("registry.example.com/app:1.0.0", "registry.example.com/app:latest", StringComparison.Ordinal));

        var (_, text, _) = GuardrailsProcess.Run(_temp.Path, "check", ".");
        var (_, junit, _) = GuardrailsProcess.Run(_temp.Path, "check", ".", "--format", "junit");
        var (_, json, _) = GuardrailsProcess.Run(_temp.Path, "check", ".", "--format", "json");

        const string Shown = @"x.yaml\nPASS 0 objects in 0 files\x1b[2K\u202e.yaml";
        text.Should().StartWith($"{Shown}\n  Deployment default/once\\x1b[31m\\u2028\\x85 (line 1): denied\n");
        text.Should().MatchRegex($@"\n    {System.Text.RegularExpressions.Regex.Escape(Shown)}:11:\d+: deny image-tag/pinned-tag: container app uses image registry\.example\.com/app:latest,");
        text.Split('\n').Should().NotContain(line => line.StartsWith("PASS", StringComparison.Ordinal));
        text.Where(c => char.IsControl(c) && c != '\n').Should().BeEmpty();
        text.Should().NotContain("\u202e").And.NotContain("\u2028");

        var suite = XDocument.Parse(junit).Root!.Element("testsuite")!;
        ((string)suite.Attribute("name")!).Should().Be(Shown);
        junit.Where(c => char.IsControl(c) && c is not '\n').Should().BeEmpty();
        using var report = JsonDocument.Parse(json);
        report.RootElement.GetProperty("objects")[0].GetProperty("file").GetString().Should().Be(forged, "JSON carries the name exactly, escaped by JSON's own rules");
    }

    private static void Mkfifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.Should().Be(0, mkfifo.StandardError.ReadToEnd());
    }
}
