using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Policies;

namespace Guardrails.Webhook.PolicyReload;

/// <summary>What one load of the policy files gave: an engine ready to judge, or every problem found.</summary>
/// <param name="Engine">The engine over the loaded set; null when the load failed.</param>
/// <param name="Problems">Every problem (file:line:column), empty on success.</param>
public sealed record EngineLoadResult(PolicyEngine? Engine, IReadOnlyList<LoadProblem> Problems)
{
    /// <summary>Builds the outcome from what <c>PolicySelection.Load</c> (or the engine's loaders) returned.</summary>
    /// <param name="policies">The loaded set, null when it failed.</param>
    /// <param name="exemptions">The loaded exemptions, null when there are none.</param>
    /// <param name="problems">The problems found.</param>
    /// <param name="engineTime">The clock the engine judges exemption expiry with; the system clock when null.</param>
    public static EngineLoadResult From(PolicySet? policies, ExemptionSet? exemptions, IReadOnlyList<LoadProblem> problems, TimeProvider? engineTime = null) =>
        policies is null || problems.Count > 0
            ? new EngineLoadResult(null, problems)
            : new EngineLoadResult(new PolicyEngine(policies, exemptions, engineTime), []);
}
