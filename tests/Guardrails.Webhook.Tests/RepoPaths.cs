namespace Guardrails.Webhook.Tests;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(Root, "tests", "Guardrails.Webhook.Tests", "Fixtures");

    public static string Reviews => Path.Combine(Fixtures, "admission-reviews");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Guardrails.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Guardrails.sln not found");
    }
}
