using Guardrails.EndToEnd.Harness;

namespace Guardrails.EndToEnd.Kubernetes;

/// <summary>kubectl against the test API server: what users type. The assets folder's kubectl when it has one, else PATH's.</summary>
internal sealed class Kubectl(string executable, string kubeconfig, string cacheDirectory)
{
    public string Executable { get; } = executable;

    public static string Find(string? assets) =>
        assets is not null && File.Exists(Path.Combine(assets, "kubectl")) ? Path.Combine(assets, "kubectl")
        : Executables.OnPath("kubectl") ?? throw new InvalidOperationException("kubectl is not on PATH (the suite runs it as users do)");

    public Task<KubectlResult> RunAsync(params string[] args) => RunAsync(args, input: null);

    public async Task<KubectlResult> RunAsync(IEnumerable<string> args, string? input, TimeSpan? timeout = null) =>
        new(await ProcessRunner.RunAsync(
            Executable,
            args,
            new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig, ["KUBECACHEDIR"] = cacheDirectory },
            input,
            timeout: timeout ?? TimeSpan.FromSeconds(90)));
}
