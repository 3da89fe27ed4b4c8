namespace Guardrails.Engine.Files;

/// <summary>Resolves every symbolic link along a path, the way <c>realpath</c> does.</summary>
public static class RealPath
{
    // The limit Linux applies (ELOOP) before giving up on a chain of links.
    private const int MaxLinks = 40;

    /// <summary>The path with every link resolved; the path as given when a link loops.</summary>
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var pending = new Queue<string>(Split(full, root));
        var current = root;
        var links = 0;
        while (pending.TryDequeue(out var part))
        {
            var candidate = Path.Combine(current, part);
            if (new FileInfo(candidate).LinkTarget is not { } target)
            {
                current = candidate;
                continue;
            }

            if (++links > MaxLinks)
            {
                return full;
            }

            // The target is resolved again from the root, then the parts still pending follow it.
            var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
            var rest = pending.ToArray();
            root = Path.GetPathRoot(resolved) ?? string.Empty;
            pending = new Queue<string>([.. Split(resolved, root), .. rest]);
            current = root;
        }

        return current;
    }

    private static string[] Split(string full, string root) =>
        full[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
