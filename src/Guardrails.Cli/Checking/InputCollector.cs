namespace Guardrails.Cli.Checking;

/// <summary>
/// Expands the paths given to <c>guardrails check</c> into inputs: files as given, folders recursively
/// (<c>.yaml</c>, <c>.yml</c>, <c>.json</c>, in ordinal order), and <c>-</c> for standard input.
/// </summary>
internal static class InputCollector
{
    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];

    public static (IReadOnlyList<InputSource> Inputs, IReadOnlyList<InputProblem> Problems) Collect(IReadOnlyList<string> paths)
    {
        var inputs = new List<InputSource>();
        var problems = new List<InputProblem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (path == "-")
            {
                if (seen.Add(InputSource.StandardInputName))
                {
                    inputs.Add(InputSource.StandardInput);
                }
            }
            else if (Directory.Exists(path))
            {
                try
                {
                    foreach (var file in ManifestFilesUnder(path))
                    {
                        Add(file);
                    }
                }
                catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
                {
                    problems.Add(new InputProblem(Normalize(path), 0, 0, $"cannot list the folder: {ex.Message}"));
                }
            }
            else if (File.Exists(path))
            {
                Add(path);
            }
            else
            {
                problems.Add(new InputProblem(path, 0, 0, "no such file or folder"));
            }
        }

        return (inputs, problems);

        void Add(string file)
        {
            var full = Path.GetFullPath(file);
            if (seen.Add(full))
            {
                inputs.Add(new InputSource(Normalize(file), full));
            }
        }
    }

    // Hidden entries (.git, .github) are not manifests; unreadable folders fail loudly instead of being skipped.
    private static List<string> ManifestFilesUnder(string folder) =>
        Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false })
            .Where(IsManifestFile)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool IsManifestFile(string file) =>
        ManifestExtensions.Any(extension => file.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

    // Reports show forward slashes on every OS so that SARIF URIs and golden files agree.
    private static string Normalize(string path)
    {
        var normalized = path.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal) && normalized.Length > 2)
        {
            normalized = normalized[2..];
        }

        return normalized;
    }
}
