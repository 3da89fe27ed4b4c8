using System.Reflection;
using Guardrails.Engine.Files;

namespace Guardrails.Engine.Loading;

/// <summary>
/// Reads policy folders: every <c>.yaml</c>/<c>.yml</c> below them (see <see cref="FolderWalker"/>), except fixtures in
/// <c>tests/</c> folders and hidden entries. Anything named like a policy file that cannot be read is a problem, never
/// a policy quietly missing from the set.
/// </summary>
public static class PolicyFileReader
{
    // tests/ holds fixtures. Hidden entries are not policies: a ConfigMap volume shows every key again under
    // ..data/ and ..<timestamp>/, and editors and git leave dot-files behind.
    private static readonly FolderWalkOptions PolicyFolder = new() { SkipFolder = name => name == "tests" };

    /// <summary>
    /// The policy files <paramref name="assembly"/> embeds under the logical names <c>policies/...</c> (the built-in
    /// pack, as the <c>guardrails</c> binary embeds it from <c>policies/*/policy.yaml</c>), in ordinal order of name.
    /// </summary>
    public static IReadOnlyList<PolicyFile> ReadEmbedded(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var sources = new List<PolicyFile>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("policies/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            sources.Add(new PolicyFile(name, reader.ReadToEnd()));
        }

        return sources;
    }

    /// <summary>Reads the YAML files of <paramref name="paths"/> (folders or files); unreadable ones become problems.</summary>
    public static (IReadOnlyList<PolicyFile> Sources, IReadOnlyList<LoadProblem> Problems) Read(IEnumerable<string> paths)
    {
        var sources = new List<PolicyFile>();
        var problems = new List<LoadProblem>();
        foreach (var path in paths)
        {
            var status = PathStatus.Of(path);
            switch (status.Kind)
            {
                case PathKind.Folder:
                    ReadFolder(path, sources, problems);
                    break;
                case PathKind.File:
                    ReadFile(path, sources, problems);
                    break;
                case PathKind.Missing:
                    problems.Add(new LoadProblem(path, 0, 0, status.Description));
                    break;
                case PathKind.Special:
                    problems.Add(new LoadProblem(path, 0, 0, $"is {status.Description}, not a file or folder: it is not read"));
                    break;
                default:
                    problems.Add(new LoadProblem(path, 0, 0, $"cannot be read: {status.Description}"));
                    break;
            }
        }

        return (sources, problems);
    }

    private static void ReadFolder(string folder, List<PolicyFile> sources, List<LoadProblem> problems)
    {
        var files = new List<string>();
        foreach (var entry in FolderWalker.Walk(folder, PolicyFolder))
        {
            switch (entry.Kind)
            {
                case PathKind.File when IsPolicyFileName(entry.Name):
                    files.Add(entry.Path);
                    break;
                case PathKind.Special when IsPolicyFileName(entry.Name):
                    problems.Add(new LoadProblem(entry.Path, 0, 0, $"is {entry.Description}, not a file: it is not read"));
                    break;
                case PathKind.Missing or PathKind.Unreadable when IsPolicyFileName(entry.Name):
                case PathKind.UnlistableFolder:
                    problems.Add(new LoadProblem(entry.Path, 0, 0, $"cannot be read: {entry.Description}"));
                    break;
            }
        }

        files.Sort(StringComparer.Ordinal);
        foreach (var file in files)
        {
            ReadFile(file, sources, problems);
        }
    }

    private static void ReadFile(string file, List<PolicyFile> sources, List<LoadProblem> problems)
    {
        try
        {
            sources.Add(new PolicyFile(file, File.ReadAllText(file)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add(new LoadProblem(file, 0, 0, $"cannot be read: {ex.Message}"));
        }
    }

    private static bool IsPolicyFileName(string name) =>
        name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal);
}
