using System.Diagnostics;
using System.Net.Sockets;
using Guardrails.Engine.Files;
using Guardrails.Engine.Loading;

namespace Guardrails.Engine.Tests.Files;

/// <summary>The one folder walk every host uses, on real links, FIFOs and sockets.</summary>
public sealed class FolderWalkerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("guardrails-walk-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Two_links_back_up_the_tree_end_the_walk_and_each_file_is_met_once()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "m")).FullName;
        File.WriteAllText(Path.Combine(folder, "a.yaml"), "a: 1\n");
        Directory.CreateSymbolicLink(Path.Combine(folder, "up1"), "..");
        Directory.CreateSymbolicLink(Path.Combine(folder, "up2"), "..");

        var entries = FolderWalker.Walk(_root);

        entries.Where(e => e.Kind == PathKind.File).Select(e => e.Path).Should().Equal(Path.Combine(folder, "a.yaml"));
        entries.Where(e => e.Kind == PathKind.RepeatedFolder).Select(e => e.Name).Should().Equal("up1", "up2");
        entries.Single(e => e.Name == "up1").Description.Should().Be($"a link to {_root}, a folder already walked: not walked again");
    }

    [Fact]
    public void A_fifo_and_a_socket_are_listed_and_never_opened()
    {
        Mkfifo(Path.Combine(_root, "pipe.yaml"));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(_root, "agent.yaml")));

        var entries = FolderWalker.Walk(_root);

        entries.Should().BeEquivalentTo(
        [
            new FolderEntry(Path.Combine(_root, "agent.yaml"), PathKind.Special, "a socket"),
            new FolderEntry(Path.Combine(_root, "pipe.yaml"), PathKind.Special, "a FIFO (named pipe)"),
        ]);
        PathStatus.Of(Path.Combine(_root, "pipe.yaml")).Kind.Should().Be(PathKind.Special, "a named path is told apart the same way");
        PathStatus.Of("/dev/null").Should().Be(new PathStatus(PathKind.Special, "a character device"));
    }

    [Fact]
    public void Links_that_do_not_loop_are_followed_and_hidden_entries_are_skipped_unless_asked_for()
    {
        var elsewhere = Directory.CreateTempSubdirectory("guardrails-walk-target-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(elsewhere, "b.yaml"), "b: 1\n");
            Directory.CreateSymbolicLink(Path.Combine(_root, "linked"), elsewhere);
            Directory.CreateDirectory(Path.Combine(_root, ".git"));
            File.WriteAllText(Path.Combine(_root, ".git", "c.yaml"), "c: 1\n");
            File.CreateSymbolicLink(Path.Combine(_root, "dangling.yaml"), Path.Combine(_root, "nowhere"));

            var entries = FolderWalker.Walk(_root);

            entries.Select(e => (e.Name, e.Kind)).Should().Equal(("dangling.yaml", PathKind.Missing), ("linked", PathKind.Folder), ("b.yaml", PathKind.File));
            entries[0].Description.Should().Be($"a link to {Path.Combine(_root, "nowhere")}, which does not exist");
            FolderWalker.Walk(_root, new FolderWalkOptions { IncludeHidden = true }).Select(e => e.Name).Should().Contain(".git").And.Contain("c.yaml");
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public void A_policy_folder_with_link_loops_and_a_fifo_loads_each_policy_once_and_names_the_fifo()
    {
        var policy = Directory.CreateDirectory(Path.Combine(_root, "no-privileged")).FullName;
        File.Copy(Path.Combine(RepoPaths.Policies, "no-privileged", "policy.yaml"), Path.Combine(policy, "policy.yaml"));
        Directory.CreateSymbolicLink(Path.Combine(policy, "up1"), "..");
        Directory.CreateSymbolicLink(Path.Combine(policy, "up2"), "..");

        var clean = PolicyLoader.LoadPaths([_root]);
        Mkfifo(Path.Combine(policy, "extra.yaml"));
        var withFifo = PolicyLoader.LoadPaths([_root]);

        clean.Problems.Should().BeEmpty();
        clean.PolicySet!.Policies.Should().ContainSingle().Which.Id.Should().Be("no-privileged");
        withFifo.Succeeded.Should().BeFalse("a file named like a policy that cannot be read is an error, never a policy quietly left out");
        withFifo.Problems.Should().ContainSingle().Which.ToString().Should().Be($"{Path.Combine(policy, "extra.yaml")}: is a FIFO (named pipe), not a file: it is not read");
    }

    private static void Mkfifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.Should().Be(0, mkfifo.StandardError.ReadToEnd());
    }
}
