namespace Guardrails.Engine.Exemptions;

/// <summary>An exemption that bore on a finding, reported with every result for accountability.</summary>
/// <param name="PolicyId">The policy.</param>
/// <param name="RuleId">The rule.</param>
/// <param name="Pointer">JSON Pointer of the finding it bore on.</param>
/// <param name="Status">Applied, expired or not allowed.</param>
/// <param name="Source">File entry or annotation.</param>
/// <param name="Owner">Who answers for it (from the entry).</param>
/// <param name="Reason">Why (the entry's reason, or the annotation's value, which may be empty when refused).</param>
/// <param name="Expires">Last day it applies, when an entry is involved.</param>
/// <param name="Entry"><c>file:line</c> of the entry, when one is involved.</param>
public sealed record ExemptionUse(
    string PolicyId,
    string RuleId,
    string Pointer,
    ExemptionStatus Status,
    ExemptionSource Source,
    string? Owner,
    string Reason,
    DateOnly? Expires,
    string? Entry)
{
    /// <summary>For <see cref="ExemptionStatus.NotAllowed"/>: why the annotation was refused; null otherwise.</summary>
    public string? Refusal { get; init; }
}
