namespace Guardrails.Webhook.Cluster;

/// <summary>A <c>Status</c> the API server sends, as in the <c>ERROR</c> event that ends a watch.</summary>
/// <param name="Code">The HTTP status it stands for (410 when the resourceVersion has expired).</param>
/// <param name="Reason">Its reason, <c>Expired</c> or <c>Gone</c>.</param>
/// <param name="Message">What went wrong, in words.</param>
internal sealed record ClusterStatus(int? Code, string? Reason, string? Message);
