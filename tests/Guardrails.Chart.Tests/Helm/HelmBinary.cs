namespace Guardrails.Chart.Tests.Helm;

/// <summary>One real Helm executable (<c>.tools/helm-vN/helm</c>), run with a home of its own and no cluster.</summary>
internal sealed class HelmBinary(int major, string path, string version)
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(2);

    // Helm's config, cache and data folders in a folder of the tests, and a kubeconfig that does not exist: the
    // renders cannot depend on the developer's repositories, plugins or cluster, nor reach any cluster.
    private static readonly Lazy<Dictionary<string, string>> Environment = new(() =>
    {
        var home = Path.Combine(Path.GetTempPath(), "guardrails-chart-tests-helm-home");
        Directory.CreateDirectory(home);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HELM_CONFIG_HOME"] = Path.Combine(home, "config"),
            ["HELM_CACHE_HOME"] = Path.Combine(home, "cache"),
            ["HELM_DATA_HOME"] = Path.Combine(home, "data"),
            ["KUBECONFIG"] = Path.Combine(home, "no-cluster", "kubeconfig"),
            ["HELM_DEBUG"] = "false",
            ["NO_COLOR"] = "1",
        };
    });

    public int Major => major;

    /// <summary>The version Helm reports, for example v4.1.4.</summary>
    public string Version => version;

    public string Executable => path;

    public override string ToString() => $"Helm {version}";

    /// <summary>Runs helm with <paramref name="args"/>; <paramref name="input"/> is its standard input (values given as <c>-f -</c>).</summary>
    public Task<ProcessResult> RunAsync(IEnumerable<string> args, string? input = null) =>
        ProcessRunner.RunAsync(path, args, Environment.Value, input, timeout: TimeLimit);
}
