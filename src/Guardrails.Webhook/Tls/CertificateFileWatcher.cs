using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Tls;

/// <summary>
/// Calls back when certificate files may have changed: after file-system events in their folders settle, and on a
/// polling timer because inotify misses some symlink swaps (and cannot be had at all when its limits are reached).
/// </summary>
internal sealed class CertificateFileWatcher : IDisposable
{
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly ITimer _debounce;
    private readonly ITimer _poll;
    private readonly TimeSpan _debounceDelay;
    private readonly ILogger _logger;

    /// <summary>Starts watching <paramref name="folders"/> and polling; <paramref name="changed"/> may run on any thread.</summary>
    public CertificateFileWatcher(IEnumerable<string> folders, CertificateReloadOptions options, TimeProvider time, ILogger logger, Action changed)
    {
        _debounceDelay = options.Debounce;
        _logger = logger;
        _debounce = time.CreateTimer(_ => changed(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _poll = time.CreateTimer(_ => changed(), null, options.PollInterval, options.PollInterval);
        if (!options.WatchFolders)
        {
            return;
        }

        foreach (var folder in folders)
        {
            try
            {
                _watchers.Add(Watch(folder));
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
            {
                logger.WatchUnavailable(folder, options.PollInterval, ex.Message);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _debounce.Dispose();
        _poll.Dispose();
    }

    private FileSystemWatcher Watch(string folder)
    {
        // Kubernetes updates a Secret volume by renaming the `..data` symlink, so every kind of entry change counts.
        var watcher = new FileSystemWatcher(folder)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                | NotifyFilters.Size | NotifyFilters.CreationTime | NotifyFilters.Attributes,
            IncludeSubdirectories = false,
        };
        watcher.Changed += OnChange;
        watcher.Created += OnChange;
        watcher.Deleted += OnChange;
        watcher.Renamed += OnChange;
        watcher.Error += (_, e) =>
        {
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                _logger.WatchError(folder, e.GetException());
            }

            OnChange(watcher, e);
        };
        try
        {
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch
        {
            watcher.Dispose();
            throw;
        }
    }

    private void OnChange(object? sender, EventArgs e)
    {
        try
        {
            _debounce.Change(_debounceDelay, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // An event raced with Dispose: nobody is listening any more.
        }
    }
}
