using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Format;
using Guardrails.Engine.Patching;

namespace Guardrails.Engine.Evaluation;

/// <summary>A finding that could not be judged; hosts must treat it as a failure, never as "allowed".</summary>
/// <param name="PolicyId">The policy, when known.</param>
/// <param name="RuleId">The rule, when known.</param>
/// <param name="Message">What went wrong.</param>
public sealed record EvaluationError(string? PolicyId, string? RuleId, string Message)
{
    /// <summary>
    /// True when the object itself cannot be judged (it is not a Kubernetes object, or not of its kind's shape): the
    /// same object always fails the same way, so a host refuses it with the reason. False for a failure of the
    /// evaluation (its time limit, an internal error), which a host reports as not judged.
    /// </summary>
    public bool ObjectRefused { get; init; }
}

/// <summary>Everything the engine decided about one request.</summary>
public sealed record EvaluationResult
{
    /// <summary>An empty result (nothing applied).</summary>
    public static EvaluationResult Empty { get; } = new();

    /// <summary>Every violation, ordered by policy, rule and target.</summary>
    public IReadOnlyList<Violation> Violations { get; init; } = [];

    /// <summary>Every exemption that bore on a finding, applied or not.</summary>
    public IReadOnlyList<ExemptionUse> Exemptions { get; init; } = [];

    /// <summary>Ids of the policies that selected the object (their match and at least one rule's match held), in policy order.</summary>
    public IReadOnlyList<string> AppliedPolicies { get; init; } = [];

    /// <summary>Policies judged under an assumption (unknown namespace labels), with the assumption.</summary>
    public IReadOnlyList<string> Assumptions { get; init; } = [];

    /// <summary>Findings that could not be judged; when any exist the request must not be allowed silently.</summary>
    public IReadOnlyList<EvaluationError> Errors { get; init; } = [];

    /// <summary>All mutations of all violations, as one RFC 6902 patch against the whole object.</summary>
    public IReadOnlyList<PatchOperation> Patch { get; init; } = [];

    /// <summary>Each field <see cref="Patch"/> fills in, with the rule it is for: what the mutating webhook announces.</summary>
    public IReadOnlyList<AppliedChange> Changes { get; init; } = [];

    /// <summary>The revision that judged (<see cref="PolicyEngine.Revision"/>): the policy set's, and the exemptions' when loaded.</summary>
    public string Revision { get; init; } = "";

    /// <summary>True when any violation's action is deny, or when anything could not be judged.</summary>
    public bool Denied => Errors.Count > 0 || Violations.Any(v => v.Action == PolicyAction.Deny);
}
