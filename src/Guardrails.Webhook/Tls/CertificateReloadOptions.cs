namespace Guardrails.Webhook.Tls;

/// <summary>How <see cref="ServingCertificate"/> notices that its files changed and when it warns about expiry.</summary>
internal sealed record CertificateReloadOptions
{
    /// <summary>The default options: watch the folders, poll every 30 seconds, warn 7 days before expiry.</summary>
    public static CertificateReloadOptions Default { get; } = new();

    /// <summary>How often the files are re-read as a fallback for missed file-system events.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait after the last file-system event before reloading (a Secret update is several events).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Whether to watch the folders of the files; when false only polling notices changes.</summary>
    public bool WatchFolders { get; init; } = true;

    /// <summary>A certificate expiring within this window is served with a warning in the log.</summary>
    public TimeSpan ExpiryWarning { get; init; } = TimeSpan.FromDays(7);
}
