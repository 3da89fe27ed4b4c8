namespace Guardrails.EndToEnd.Harness;

/// <summary>The skip line: the suite's and build/e2e-assets.sh's (which build/test.sh prints) are the same line.</summary>
public sealed class ClusterAssetsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("guardrails-e2e-assets-").FullName;

    [Fact]
    public async Task The_script_and_the_suite_give_the_same_reason_for_every_missing_asset()
    {
        var withApiServerOnly = Path.Combine(_folder, "partial");
        Directory.CreateDirectory(withApiServerOnly);
        await File.WriteAllTextAsync(Path.Combine(withApiServerOnly, "kube-apiserver"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(withApiServerOnly, "kube-apiserver"), UnixFileMode.UserRead | UnixFileMode.UserExecute);

        foreach (var folder in new[] { "", Path.Combine(_folder, "missing"), _folder, withApiServerOnly })
        {
            var script = await ProcessRunner.RunAsync("bash", [Path.Combine(RepoPaths.Root, "build", "e2e-assets.sh")], new Dictionary<string, string> { [ClusterAssets.AssetsVariable] = folder });

            script.ExitCode.Should().Be(1, script.Describe());
            script.Output.TrimEnd().Should().Be(ClusterAssets.SkipLine(ClusterAssets.FindProblem(folder)!));
        }

        ClusterAssets.FindProblem(withApiServerOnly).Should().EndWith("holds no executable etcd");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
