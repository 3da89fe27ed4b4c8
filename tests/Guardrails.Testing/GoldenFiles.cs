namespace Guardrails.Testing;

/// <summary>
/// Golden files in one folder: an output must equal its file, line endings aside. <c>UPDATE_GOLDEN=1</c> rewrites
/// the files instead, after a deliberate change.
/// </summary>
/// <param name="directory">The folder of the golden files.</param>
/// <param name="mask">Replaces what varies between runs (paths, hashes) before comparing; none by default.</param>
public sealed class GoldenFiles(string directory, Func<string, string>? mask = null)
{
    /// <summary>The folder of the golden files.</summary>
    public string Directory { get; } = directory;

    /// <summary>Asserts that <paramref name="actual"/>, masked, equals golden file <paramref name="name"/>.</summary>
    public void Match(string actual, string name)
    {
        var path = Path.Combine(Directory, name);
        var text = actual.ReplaceLineEndings("\n");
        text = mask is null ? text : mask(text);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, text);
        }

        File.Exists(path).Should().BeTrue($"golden file {name} exists (run UPDATE_GOLDEN=1 dotnet test to create it)");
        text.Should().Be(File.ReadAllText(path).ReplaceLineEndings("\n"), $"the output must match golden file {name} (UPDATE_GOLDEN=1 refreshes it after a deliberate change)");
    }
}
