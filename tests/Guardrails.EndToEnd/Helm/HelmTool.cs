using Guardrails.EndToEnd.Harness;

namespace Guardrails.EndToEnd.Helm;

/// <summary>
/// Real Helm, as build/install-helm.sh installs it into .tools/ (Helm 4 and Helm 3), with its configuration, cache and
/// data kept in the run's folder.
/// </summary>
internal sealed class HelmTool(int major, string home)
{
    public int Major { get; } = major;

    public string Executable { get; } = RepoPaths.Helm(major);

    public static HelmTool Version(int major, TestCluster cluster) => new(major, Path.Combine(cluster.Root, $"helm-v{major}"));

    public async Task<ProcessResult> RunAsync(IEnumerable<string> args, string? kubeconfig = null)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"Helm {Major} is not installed at {Executable}: run build/install-helm.sh (build/test.sh does)");
        }

        var environment = new Dictionary<string, string>
        {
            ["HELM_CONFIG_HOME"] = Path.Combine(home, "config"),
            ["HELM_CACHE_HOME"] = Path.Combine(home, "cache"),
            ["HELM_DATA_HOME"] = Path.Combine(home, "data"),
        };
        if (kubeconfig is not null)
        {
            environment["KUBECONFIG"] = kubeconfig;
        }

        return await ProcessRunner.RunAsync(Executable, args, environment, timeout: TimeSpan.FromMinutes(2));
    }

    /// <summary><c>helm template</c> of the repository's chart; fails the test when Helm does.</summary>
    public async Task<string> TemplateAsync(string release, string ns, IEnumerable<string> extraArgs)
    {
        var result = await RunAsync(["template", release, RepoPaths.Chart, "--namespace", ns, .. extraArgs]);
        return result.ExitCode == 0 ? result.Output : throw new InvalidOperationException($"helm template failed:\n{result.Describe()}");
    }
}
