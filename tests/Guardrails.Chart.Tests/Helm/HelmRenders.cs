using System.Collections.Concurrent;

namespace Guardrails.Chart.Tests.Helm;

/// <summary>
/// Runs <c>helm template</c>, <c>helm lint</c> and <c>helm install --dry-run</c> on the chart. Helm is a process per
/// render, so template and lint results are kept for the whole test run, one per Helm major and request: every test
/// that asks for the same values shares one process.
/// </summary>
internal static class HelmRenders
{
    private static readonly ConcurrentDictionary<(int Major, RenderRequest Request), Lazy<Task<HelmRender>>> Templates = new();

    private static readonly ConcurrentDictionary<(int Major, RenderRequest Request), Lazy<Task<ProcessResult>>> Lints = new();

    public static Task<HelmRender> TemplateAsync(HelmBinary helm, RenderRequest request) =>
        Templates.GetOrAdd((helm.Major, request), _ => new Lazy<Task<HelmRender>>(() => TemplateUncachedAsync(helm, request))).Value;

    /// <summary>A render of its own, for what must differ between two renders (the certificates Helm generates).</summary>
    public static async Task<HelmRender> TemplateUncachedAsync(HelmBinary helm, RenderRequest request)
    {
        var result = await helm.RunAsync(request.TemplateArguments(RepoPaths.Chart), request.ValuesFile).ConfigureAwait(false);
        return new HelmRender(helm, request, result);
    }

    public static Task<ProcessResult> LintAsync(HelmBinary helm, RenderRequest request) =>
        Lints.GetOrAdd((helm.Major, request), _ => new Lazy<Task<ProcessResult>>(() => helm.RunAsync(request.LintArguments(RepoPaths.Chart), request.ValuesFile))).Value;

    public static Task<ProcessResult> InstallDryRunAsync(HelmBinary helm, RenderRequest request) =>
        helm.RunAsync(request.InstallDryRunArguments(RepoPaths.Chart), request.ValuesFile);
}
