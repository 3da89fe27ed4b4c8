using Guardrails.Engine.Format;
using Guardrails.Engine.Exemptions;

namespace Guardrails.Webhook.Audit;

/// <summary>
/// What a platform team steers by: how many objects comply, per namespace and per owner, the rules broken most, and the
/// exemptions in use with their expiry dates.
/// </summary>
/// <param name="Objects">Objects judged (those reported at their owner not counted).</param>
/// <param name="Compliant">Objects with no finding and no error.</param>
/// <param name="Denied">Objects the webhook would deny (with <c>--as deny</c>: would deny after the switch).</param>
/// <param name="Warned">Objects the webhook would admit with a warning.</param>
/// <param name="Errored">Objects that could not be judged.</param>
/// <param name="ReportedAtOwner">Objects not judged because their controller is (Pods of a Deployment's ReplicaSet).</param>
/// <param name="Namespaces">Per namespace, by name; the cluster-scoped objects under <c>(cluster)</c>.</param>
/// <param name="Owners">Per value of the owner label, by value; objects without it under <c>(none)</c>. Empty without an owner label.</param>
/// <param name="Rules">The rules broken, most objects first.</param>
/// <param name="Exemptions">The exemptions that bore on findings, soonest expiry first.</param>
public sealed record AuditSummary(
    int Objects,
    int Compliant,
    int Denied,
    int Warned,
    int Errored,
    int ReportedAtOwner,
    IReadOnlyList<ComplianceCount> Namespaces,
    IReadOnlyList<ComplianceCount> Owners,
    IReadOnlyList<RuleCount> Rules,
    IReadOnlyList<ExemptionCount> Exemptions);

/// <summary>How many objects of a group comply.</summary>
/// <param name="Name">The group: a namespace, <c>(cluster)</c>, or a value of the owner label.</param>
/// <param name="Objects">Objects judged in the group.</param>
/// <param name="Compliant">Objects with no finding and no error.</param>
public sealed record ComplianceCount(string Name, int Objects, int Compliant)
{
    /// <summary>Compliant objects as a share of all (1 when there are none).</summary>
    public double Ratio => Objects == 0 ? 1 : (double)Compliant / Objects;
}

/// <summary>A rule broken by <paramref name="Objects"/> objects in <paramref name="Namespaces"/> namespaces, at <paramref name="Action"/>.</summary>
/// <param name="PolicyId">The policy.</param>
/// <param name="RuleId">The rule.</param>
/// <param name="Action">The action of its findings (<c>deny</c> under what-if).</param>
/// <param name="Objects">Objects that break it.</param>
/// <param name="Namespaces">Namespaces those objects are in.</param>
public sealed record RuleCount(string PolicyId, string RuleId, PolicyAction Action, int Objects, int Namespaces);

/// <summary>An exemption that bore on <paramref name="Objects"/> objects' findings.</summary>
/// <param name="PolicyId">The policy exempted from.</param>
/// <param name="RuleId">The rule exempted from.</param>
/// <param name="Status">Whether it applied, expired or was not allowed.</param>
/// <param name="Source">The exemptions file or an annotation.</param>
/// <param name="Entry">Where it is written (<c>exemptions.yaml entry 3</c>), when known.</param>
/// <param name="Owner">Who asked for it, when given.</param>
/// <param name="Expires">When it expires; null for never.</param>
/// <param name="Objects">Objects whose findings it bore on.</param>
public sealed record ExemptionCount(string PolicyId, string RuleId, ExemptionStatus Status, ExemptionSource Source, string? Entry, string? Owner, DateOnly? Expires, int Objects);
