namespace Guardrails.Webhook.PolicyReload;

/// <summary>What <c>/readyz</c> reports about the policy set.</summary>
/// <param name="IsReady">True once a set has loaded; it stays true when later reloads fail.</param>
/// <param name="Revision">The current set's revision; null before the first successful load.</param>
/// <param name="LoadedAt">When the current revision became current.</param>
/// <param name="LastReloadAt">When the files were last loaded, the first load included.</param>
/// <param name="LastReloadResult">How that load ended.</param>
/// <param name="LastReloadError">Every problem of the last load, one <c>file:line:column: message</c> a line; null when it succeeded.</param>
/// <param name="LastReloadErrorAt">When that failed load happened.</param>
internal sealed record PolicySetStatus(
    bool IsReady,
    string? Revision,
    DateTimeOffset? LoadedAt,
    DateTimeOffset? LastReloadAt,
    ReloadOutcome? LastReloadResult,
    string? LastReloadError,
    DateTimeOffset? LastReloadErrorAt)
{
    /// <summary>Nothing loaded yet.</summary>
    public static PolicySetStatus NotLoaded { get; } = new(false, null, null, null, null, null, null);
}
