namespace Guardrails.Webhook.PolicyReload;

/// <summary>How the policy files are watched.</summary>
internal sealed record PolicyWatchOptions
{
    /// <summary>How long the files must stay quiet before a reload, so an editor's save-rename-write burst gives one reload.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often the files' fingerprint is compared, for the changes file events miss (a ConfigMap's symlink swap,
    /// network file systems, exhausted inotify limits); <see cref="Timeout.InfiniteTimeSpan"/> turns polling off.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether file system events are watched; polling alone when false.</summary>
    public bool FileEvents { get; init; } = true;
}
