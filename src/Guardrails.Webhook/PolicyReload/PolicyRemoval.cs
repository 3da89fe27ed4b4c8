using Guardrails.Engine.Policies;

namespace Guardrails.Webhook.PolicyReload;

/// <summary>What a reload took out of the set in force: whole policies (by id), and rules of the policies it kept.</summary>
/// <param name="Policies">Ids of the policies the new set no longer has, in the old set's order.</param>
/// <param name="Rules">The <c>policy/rule</c> ids of rules that policies still loaded no longer have.</param>
internal sealed record PolicyRemoval(IReadOnlyList<string> Policies, IReadOnlyList<string> Rules)
{
    /// <summary>True when the new set holds every policy and rule of the old one.</summary>
    public bool IsEmpty => Policies.Count == 0 && Rules.Count == 0;

    /// <summary>What <paramref name="after"/> lacks that <paramref name="before"/> had.</summary>
    public static PolicyRemoval Between(PolicySet before, PolicySet after)
    {
        var policies = new List<string>();
        var rules = new List<string>();
        foreach (var policy in before.Policies)
        {
            if (after.Find(policy.Id) is not { } kept)
            {
                policies.Add(policy.Id);
                continue;
            }

            rules.AddRange(policy.Rules.Where(rule => kept.Rules.All(r => r.Id != rule.Id)).Select(rule => $"{policy.Id}/{rule.Id}"));
        }

        return new PolicyRemoval(policies, rules);
    }
}
