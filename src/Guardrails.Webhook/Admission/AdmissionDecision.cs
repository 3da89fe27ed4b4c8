using Guardrails.Engine.Patching;

namespace Guardrails.Webhook.Admission;

/// <summary>What the webhook answers for one request.</summary>
/// <param name="Allowed">Whether the request may proceed.</param>
/// <param name="Message">For a denial: the readable reason (status.message).</param>
/// <param name="Warnings">Warnings shown by kubectl, within the API server's limits.</param>
/// <param name="AuditAnnotations">Recorded in the audit log.</param>
/// <param name="Patch">For the mutating webhook: the RFC 6902 patch, if any.</param>
/// <param name="Policies">Ids of the policies that found something, for the decision log.</param>
internal sealed record AdmissionDecision(
    bool Allowed,
    string? Message,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<KeyValuePair<string, string>> AuditAnnotations,
    IReadOnlyList<PatchOperation> Patch,
    IReadOnlyList<string> Policies)
{
    /// <summary>Whether this admission would have been a denial but for break glass.</summary>
    public bool BrokeGlass { get; init; }

    /// <summary>HTTP-style code for status.code when denied.</summary>
    public const int ForbiddenCode = 403;
}
