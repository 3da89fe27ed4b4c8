using Guardrails.Engine.Files;

namespace Guardrails.Cli.Reading;

/// <summary>
/// Expands the paths given to <c>guardrails check</c> into inputs: files as given, folders recursively
/// (<c>.yaml</c>, <c>.yml</c>, <c>.json</c>, in ordinal order, each real folder once), and <c>-</c> for standard input.
/// Only regular files are read: a FIFO, socket or device in a folder is skipped with a note, and one named as an
/// argument is an error (a FIFO would block the check forever).
/// </summary>
internal static class InputCollector
{
    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];

    public static CollectedInputs Collect(IReadOnlyList<string> paths)
    {
        var collected = new Collection();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                collected.AddStandardInput();
                continue;
            }

            var status = PathStatus.Of(path);
            switch (status.Kind)
            {
                case PathKind.Folder:
                    CollectFolder(path, collected);
                    break;
                case PathKind.File:
                    collected.Add(path);
                    break;
                case PathKind.Special:
                    collected.NamedPathProblem(path, $"is {status.Description}, not a file: name files or folders, or pipe the manifests into 'guardrails check -'");
                    break;
                case PathKind.Missing:
                    collected.NamedPathProblem(path, status.Description);
                    break;
                default:
                    collected.NamedPathProblem(path, $"cannot read: {status.Description}");
                    break;
            }
        }

        return collected.Result();
    }

    // Hidden entries (.git, .github) are not manifests; unreadable folders fail loudly instead of being skipped.
    private static void CollectFolder(string folder, Collection collected)
    {
        var files = new List<string>();
        foreach (var entry in FolderWalker.Walk(folder))
        {
            switch (entry.Kind)
            {
                case PathKind.File when IsManifestFile(entry.Name):
                    files.Add(entry.Path);
                    break;
                case PathKind.Special when IsManifestFile(entry.Name):
                    collected.Skip(entry.Path, $"{entry.Description}, not a file: not read");
                    break;
                case PathKind.RepeatedFolder:
                    collected.Skip(entry.Path, $"a link to {Normalize(entry.SameAs!)}, a folder already walked: not walked again");
                    break;
                case PathKind.Missing or PathKind.Unreadable when IsManifestFile(entry.Name):
                    collected.Problem(entry.Path, $"cannot read: {entry.Description}");
                    break;
                case PathKind.UnlistableFolder:
                    collected.Problem(entry.Path, entry.Description);
                    break;
            }
        }

        files.Sort(StringComparer.Ordinal);
        foreach (var file in files)
        {
            collected.Add(file);
        }
    }

    private static bool IsManifestFile(string name) =>
        ManifestExtensions.Any(extension => name.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

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

    private sealed class Collection
    {
        private readonly List<InputSource> _inputs = [];
        private readonly List<InputProblem> _problems = [];
        private readonly List<SkippedPath> _skipped = [];
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public void AddStandardInput()
        {
            if (_seen.Add(InputSource.StandardInputName))
            {
                _inputs.Add(InputSource.StandardInput);
            }
        }

        public void Add(string file)
        {
            var full = Path.GetFullPath(file);
            if (_seen.Add(full))
            {
                _inputs.Add(new InputSource(Normalize(file), full));
            }
        }

        public void Problem(string path, string message) => _problems.Add(new InputProblem(Normalize(path), 0, 0, message));

        // A path the user typed is shown as typed.
        public void NamedPathProblem(string path, string message) => _problems.Add(new InputProblem(path, 0, 0, message));

        public void Skip(string path, string reason) => _skipped.Add(new SkippedPath(Normalize(path), reason));

        public CollectedInputs Result() => new(_inputs, _problems, _skipped);
    }
}
