namespace Guardrails.Chart.Tests.Support;

internal static class RepoPaths
{
    /// <summary>The repository root, found from the test binary's folder.</summary>
    public static string Root { get; } = FindRoot();

    public static string Chart => Path.Combine(Root, "charts", "guardrails");

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
