namespace Guardrails.Engine.Loading;

/// <summary>Reads policy folders: every <c>.yaml</c>/<c>.yml</c> below them, except fixtures in <c>tests/</c> folders and hidden entries.</summary>
public static class SourceFiles
{
    /// <summary>Reads the YAML files of <paramref name="paths"/> (folders or files); unreadable ones become problems.</summary>
    public static (IReadOnlyList<PolicySource> Sources, IReadOnlyList<LoadProblem> Problems) Read(IEnumerable<string> paths)
    {
        var sources = new List<PolicySource>();
        var problems = new List<LoadProblem>();
        foreach (var path in paths)
        {
            try
            {
                IEnumerable<string>? files = Directory.Exists(path)
                    ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                        .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                        .Where(f => !Path.GetRelativePath(path, f).Split(Path.DirectorySeparatorChar).Any(IsSkippedSegment))
                        .Order(StringComparer.Ordinal)
                    : File.Exists(path) ? [path] : null;
                if (files is null)
                {
                    problems.Add(new LoadProblem(path, 0, 0, "no such file or folder"));
                    continue;
                }

                foreach (var file in files)
                {
                    sources.Add(new PolicySource(file, File.ReadAllText(file)));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add(new LoadProblem(path, 0, 0, $"cannot be read: {ex.Message}"));
            }
        }

        return (sources, problems);
    }

    // tests/ holds fixtures. Hidden entries are not policies: a ConfigMap volume shows every key again under
    // ..data/ and ..<timestamp>/, and editors and git leave dot-files behind.
    private static bool IsSkippedSegment(string segment) => segment == "tests" || segment.StartsWith('.');
}
