namespace Guardrails.Engine.Files;

/// <summary>
/// Walks a folder tree the one way every host does (<c>guardrails check</c>'s inputs, policy folders, test fixtures,
/// the webhook's change detection): links are followed, but each real folder (by device and inode) is walked once,
/// so a link back up the tree ends instead of looping; FIFOs, sockets and devices are listed, never opened.
/// </summary>
public static class FolderWalker
{
    private static readonly EnumerationOptions ListEverything = new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };

    /// <summary>
    /// Every entry below <paramref name="root"/>, depth first in ordinal order of names. A folder that cannot be listed
    /// is an <see cref="PathKind.UnlistableFolder"/> entry of its own (the root included), and a root that is no folder
    /// is the one entry; nothing throws.
    /// </summary>
    public static IReadOnlyList<FolderEntry> Walk(string root, FolderWalkOptions? options = null)
    {
        options ??= new FolderWalkOptions();
        var entries = new List<FolderEntry>();
        var rootStatus = PathStatus.Of(root);
        if (rootStatus.Kind != PathKind.Folder)
        {
            entries.Add(new FolderEntry(root, rootStatus.Kind, rootStatus.Description));
            return entries;
        }

        var walked = new Dictionary<FileIdentity, string> { [rootStatus.Identity!.Value] = root };
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.TryPop(out var folder))
        {
            var subfolders = new List<string>();
            foreach (var name in ListNames(folder, entries))
            {
                if (!options.IncludeHidden && name.StartsWith('.'))
                {
                    continue;
                }

                var path = Path.Join(folder, name);
                var status = PathStatus.Of(path);
                if (status.Kind != PathKind.Folder)
                {
                    entries.Add(new FolderEntry(path, status.Kind, status.Description));
                }
                else if (walked.TryGetValue(status.Identity!.Value, out var first))
                {
                    entries.Add(new FolderEntry(path, PathKind.RepeatedFolder, $"a link to {first}, a folder already walked: not walked again") { SameAs = first });
                }
                else
                {
                    walked.Add(status.Identity.Value, path);
                    entries.Add(new FolderEntry(path, PathKind.Folder, status.Description));
                    if (options.SkipFolder?.Invoke(name) != true)
                    {
                        subfolders.Add(path);
                    }
                }
            }

            for (var i = subfolders.Count - 1; i >= 0; i--)
            {
                pending.Push(subfolders[i]);
            }
        }

        return entries;
    }

    // The names in a folder, in ordinal order; an unlistable folder becomes an entry of its own and lists nothing.
    private static List<string> ListNames(string folder, List<FolderEntry> entries)
    {
        try
        {
            var names = Directory.EnumerateFileSystemEntries(folder, "*", ListEverything).Select(entry => Path.GetFileName(entry)).ToList();
            names.Sort(StringComparer.Ordinal);
            return names;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            entries.Add(new FolderEntry(folder, PathKind.UnlistableFolder, $"cannot list the folder: {ex.Message}"));
            return [];
        }
    }
}
