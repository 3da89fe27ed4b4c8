namespace Guardrails.Webhook.Tests;

/// <summary>Compares outputs with golden files on disk; <c>UPDATE_GOLDEN=1</c> rewrites them.</summary>
internal static class Golden
{
    public static readonly string Directory = Path.Combine(RepoPaths.Fixtures, "golden");

    public static void Match(string actual, string name)
    {
        var path = Path.Combine(Directory, name);
        var text = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, text);
        }

        File.Exists(path).Should().BeTrue($"golden file {name} exists (run UPDATE_GOLDEN=1 dotnet test to create it)");
        text.Should().Be(File.ReadAllText(path).ReplaceLineEndings("\n"), $"the response must match golden file {name} (UPDATE_GOLDEN=1 refreshes it after a deliberate change)");
    }
}
