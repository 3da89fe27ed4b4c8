namespace Guardrails.Engine.Files;

/// <summary>What a path names, links followed, found without opening it.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Description">What it is in words: <c>a FIFO (named pipe)</c>, or why its status cannot be read.</param>
public sealed record PathStatus(PathKind Kind, string Description)
{
    /// <summary>Which file or folder this is, whatever path led to it; null when it is neither.</summary>
    internal FileIdentity? Identity { get; init; }

    /// <summary>The status of <paramref name="path"/>; never opens it and never throws for a path that cannot be read.</summary>
    public static PathStatus Of(string path) =>
        path.Contains('\0', StringComparison.Ordinal) ? new PathStatus(PathKind.Missing, "no such file or folder")
        : LinuxFileStatus.TryRead(path, out var status) ? status
        : Portable(path);

    // Where statx is not there (not Linux): the managed calls, which cannot tell a FIFO from a file.
    private static PathStatus Portable(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                return new PathStatus(PathKind.Folder, "a folder") { Identity = new FileIdentity(0, 0, RealPath.Resolve(path)) };
            }

            if (File.Exists(path))
            {
                return new PathStatus(PathKind.File, "a file");
            }

            return Missing(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new PathStatus(PathKind.Unreadable, ex.Message);
        }
    }

    /// <summary>A path that names nothing: said as a link to nothing when it is one.</summary>
    internal static PathStatus Missing(string path)
    {
        string? target = null;
        try
        {
            target = new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not a link we can read: it names nothing as far as we can tell.
        }

        return new PathStatus(PathKind.Missing, target is null ? "no such file or folder" : $"a link to {target}, which does not exist");
    }
}
