using Guardrails.Engine.Format;
using Guardrails.Engine.Patching;

namespace Guardrails.Engine.Evaluation;

/// <summary>One rule broken by one target (a container, the pod spec or the object).</summary>
/// <param name="PolicyId">The policy.</param>
/// <param name="RuleId">The rule.</param>
/// <param name="Action">What the violation does.</param>
/// <param name="Severity">How bad it is.</param>
/// <param name="Category">What it threatens.</param>
/// <param name="Message">The rule's message, rendered.</param>
/// <param name="Remediation">How to fix it.</param>
/// <param name="Pointer">JSON Pointer of the offending field in the object (where it would be, when missing).</param>
/// <param name="Detail">What the schema found at <paramref name="Pointer"/>, e.g. "is required but missing".</param>
/// <param name="Container">The container's name, for container rules.</param>
/// <param name="ContainerType">container, initContainer or ephemeralContainer, for container rules.</param>
/// <param name="Patch">For rules with mutations: RFC 6902 operations against the whole object that fix this violation.</param>
/// <param name="Assumptions">What was assumed to reach the verdict (unknown namespace labels).</param>
public sealed record Violation(
    string PolicyId,
    string RuleId,
    PolicyAction Action,
    Severity Severity,
    PolicyCategory Category,
    string Message,
    string? Remediation,
    string Pointer,
    string Detail,
    string? Container,
    string? ContainerType,
    IReadOnlyList<PatchOperation> Patch,
    IReadOnlyList<string> Assumptions)
{
    /// <summary>The fields the rule's mutation fills in to fix this violation; empty when it does not fix it.</summary>
    public IReadOnlyList<FieldChange> Changes { get; init; } = [];

    /// <summary>Why the rule's mutation does not fix this violation (a written value it will not rewrite, or an object the API server would refuse); null when it does, or when the rule has no mutation.</summary>
    public string? FixWithheld { get; init; }
}
