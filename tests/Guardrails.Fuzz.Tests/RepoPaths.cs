namespace Guardrails.Fuzz.Tests;

internal static class RepoPaths
{
    /// <summary>The repository root, found from the test binary's folder.</summary>
    public static string Root { get; } = FindRoot();

    public static string Regressions => Path.Combine(Root, "tests", "Guardrails.Fuzz", "Regressions");

    public static string AdmissionReviews => Path.Combine(Root, "tests", "Guardrails.Webhook.Tests", "Fixtures", "admission-reviews");

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
