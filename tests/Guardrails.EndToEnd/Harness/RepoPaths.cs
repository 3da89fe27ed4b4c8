namespace Guardrails.EndToEnd.Harness;

/// <summary>Folders of the repository the suite reads: the policies' fixtures, the examples, the chart and Helm.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Policies => Path.Combine(Root, "policies");

    public static string Examples => Path.Combine(Root, "examples");

    public static string Chart => Path.Combine(Root, "charts", "guardrails");

    /// <summary>Values files of the chart scenarios, beside the chart tests of this project.</summary>
    public static string ChartValues => Path.Combine(Root, "tests", "Guardrails.EndToEnd", "Chart", "Values");

    /// <summary>Helm as build/install-helm.sh installs it (major version 3 or 4).</summary>
    public static string Helm(int major) => Path.Combine(Root, ".tools", $"helm-v{major}", "helm");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Guardrails.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Guardrails.sln not found above " + AppContext.BaseDirectory);
    }
}
