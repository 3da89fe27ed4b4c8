using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Exemptions;

namespace Guardrails.Webhook.Policies;

/// <summary>Tells whether a reload changed what the engine applies.</summary>
internal static class PolicyContent
{
    /// <summary>
    /// True when both engines have the same policy revision and the same exemption entries. Entries are compared by
    /// what they expose (policy, rule, owner, reason, expiry, allowAnnotation, file:line), not by their scope lists.
    /// </summary>
    public static bool Same(PolicyEngine a, PolicyEngine b) =>
        a.Policies.Revision == b.Policies.Revision
        && a.Exemptions.Entries.Count == b.Exemptions.Entries.Count
        && a.Exemptions.Entries.Zip(b.Exemptions.Entries).All(pair => Same(pair.First, pair.Second));

    private static bool Same(Exemption a, Exemption b) =>
        a.PolicyId == b.PolicyId && a.RuleId == b.RuleId && a.Owner == b.Owner && a.Reason == b.Reason
        && a.Expires == b.Expires && a.AllowAnnotation == b.AllowAnnotation && a.Location == b.Location;
}
