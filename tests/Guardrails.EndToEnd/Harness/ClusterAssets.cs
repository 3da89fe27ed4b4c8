namespace Guardrails.EndToEnd.Harness;

/// <summary>
/// Whether the suite can run: envtest's convention, <c>KUBEBUILDER_ASSETS</c> naming a folder that holds executable
/// <c>kube-apiserver</c> and <c>etcd</c>. Without them every test is skipped with one line saying why, unless
/// <c>GUARDRAILS_E2E_REQUIRED=1</c> (CI) makes a missing asset a failure. <c>build/e2e-assets.sh</c> prints the same line.
/// </summary>
internal static class ClusterAssets
{
    public const string AssetsVariable = "KUBEBUILDER_ASSETS";
    public const string RequiredVariable = "GUARDRAILS_E2E_REQUIRED";

    private static readonly string[] Executables = ["kube-apiserver", "etcd"];

    /// <summary>The assets folder named by the environment.</summary>
    public static string? Folder { get; } = Environment.GetEnvironmentVariable(AssetsVariable);

    /// <summary>Why the assets cannot be used; null when they can.</summary>
    public static string? Problem { get; } = FindProblem(Folder);

    /// <summary>A missing asset fails the suite instead of skipping it.</summary>
    public static bool Required { get; } = IsSet(Environment.GetEnvironmentVariable(RequiredVariable));

    /// <summary>The one line every test is skipped with; null when the suite runs (or must run).</summary>
    public static string? SkipReason { get; } = Problem is { } problem && !Required ? SkipLine(problem) : null;

    public static string SkipLine(string problem) => $"end-to-end suite skipped: {problem} (a folder with kube-apiserver and etcd; see README)";

    public static string? FindProblem(string? folder)
    {
        if (string.IsNullOrEmpty(folder))
        {
            return $"{AssetsVariable} is not set";
        }

        if (!Directory.Exists(folder))
        {
            return $"{AssetsVariable}={folder} is not a folder";
        }

        foreach (var name in Executables)
        {
            if (!IsExecutable(Path.Combine(folder, name)))
            {
                return $"{AssetsVariable}={folder} holds no executable {name}";
            }
        }

        return null;
    }

    public static bool IsSet(string? value) => value is "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
