using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.PolicyReload;

/// <summary>
/// Reports file system events on the watched policy folders and files. A file is watched through its folder,
/// so a Kubernetes ConfigMap update (a new <c>..data</c> symlink renamed over the old one) is seen too.
/// </summary>
internal sealed class PolicyFileWatcher : IDisposable
{
    private const NotifyFilters Changes = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size;

    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Action _changed;
    private readonly ILogger _logger;

    /// <summary>Starts watching; a path that cannot be watched is logged and left to polling.</summary>
    public PolicyFileWatcher(IReadOnlyList<string> paths, ILogger logger, Action changed)
    {
        _changed = changed;
        _logger = logger;
        foreach (var path in paths.Select(Path.GetFullPath))
        {
            if (Directory.Exists(path))
            {
                Watch(path, path, recursive: true, fileName: null);
            }
            else if (Path.GetDirectoryName(path) is { } folder && Directory.Exists(folder))
            {
                Watch(path, folder, recursive: false, Path.GetFileName(path));
            }
            else
            {
                PolicyReloadLog.CannotWatch(_logger, path, "neither it nor its folder exists");
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
    }

    // Names starting with ".." are the ConfigMap volume's own: the timestamped folder and the ..data link.
    private static bool Concerns(string? name, string? fileName) =>
        fileName is null || name is null || name == fileName || name.StartsWith("..", StringComparison.Ordinal);

    private void Watch(string path, string folder, bool recursive, string? fileName)
    {
        var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = recursive, NotifyFilter = Changes };
        FileSystemEventHandler onChange = (_, e) => OnEvent(e.Name, fileName);
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.Deleted += onChange;
        watcher.Renamed += (_, e) =>
        {
            if (Concerns(e.OldName, fileName))
            {
                _changed();
            }
            else
            {
                OnEvent(e.Name, fileName);
            }
        };
        watcher.Error += (_, e) =>
        {
            // An overflowed event buffer lost events: reload to be sure.
            PolicyReloadLog.WatchError(_logger, folder, e.GetException().Message);
            _changed();
        };
        try
        {
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Typically the inotify instance or watch limit of the node.
            watcher.Dispose();
            PolicyReloadLog.CannotWatch(_logger, path, ex.Message);
        }
    }

    private void OnEvent(string? name, string? fileName)
    {
        if (Concerns(name, fileName))
        {
            _changed();
        }
    }
}
